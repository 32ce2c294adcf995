import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { topicViewSchema, type TopicView } from './topic.contract';
import { createTopicRequestSchema, topicIdPathSchema, type CreateTopicRequest } from './topic.request';
import { TopicsHandler } from './topics.handler';

@Controller('v1/topics')
export class TopicsController {
  constructor(private readonly handler: TopicsHandler) {}

  @ApiContract({
    summary: 'Opens a governance topic (每月一题): a named set of categories and streets or districts whose cases are tracked',
    body: createTopicRequestSchema,
    response: topicViewSchema,
  })
  @Post()
  @Access({ roles: ['supervisor', 'admin'], operation: 'topics.create' })
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(createTopicRequestSchema)) body: CreateTopicRequest): Promise<TopicView> {
    const topicId = await this.handler.create(body, principal.id);
    const view = await this.handler.view(topicId);
    if (!view) throw new AppError('TOPIC.NOT_FOUND', `topic ${topicId} vanished after it was created`);
    return view;
  }

  @ApiContract({ summary: "A topic's case counts month by month, before and after it opened", params: topicIdPathSchema, response: topicViewSchema, errors: ['TOPIC.NOT_FOUND'] })
  @Get(':topicId')
  @Access({ roles: ['supervisor', 'auditor', 'admin'], operation: 'topics.read' })
  async get(@Param(new ZodPipe(topicIdPathSchema, 'path')) { topicId }: { topicId: string }): Promise<TopicView> {
    const view = await this.handler.view(topicId);
    if (!view) throw new AppError('TOPIC.NOT_FOUND', `no topic ${topicId}`);
    return view;
  }
}
