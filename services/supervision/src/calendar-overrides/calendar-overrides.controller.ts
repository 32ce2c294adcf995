import { Body, Controller, Get, Put } from '@nestjs/common';
import { Access } from '@hotline/access';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import { calendarViewSchema, type CalendarView } from './calendar-overrides.contract';
import { CalendarOverridesHandler } from './calendar-overrides.handler';
import { putCalendarOverridesRequestSchema, type PutCalendarOverridesRequest } from './calendar-overrides.request';

@Controller('v1/calendar/overrides')
export class CalendarOverridesController {
  constructor(private readonly handler: CalendarOverridesHandler) {}

  @ApiContract({ summary: 'The working calendar: operator overrides, declared years, and years without holiday data', response: calendarViewSchema })
  @Get()
  @Access({ roles: ['dispatcher', 'supervisor', 'auditor', 'admin'], operation: 'calendar.read' })
  read(): Promise<CalendarView> {
    return this.handler.read();
  }

  @ApiContract({ summary: 'Replace the operator overrides (rest days, make-up working days) and declared years', body: putCalendarOverridesRequestSchema, response: calendarViewSchema })
  @Put()
  @Access({ roles: ['admin'], operation: 'calendar.put' })
  replace(@Body(new ZodPipe(putCalendarOverridesRequestSchema)) body: PutCalendarOverridesRequest): Promise<CalendarView> {
    return this.handler.replace(body);
  }
}
