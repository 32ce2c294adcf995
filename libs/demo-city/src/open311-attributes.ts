import type { CategoryCode } from './categories';

export type Open311AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** A question an Open311 client asks when a citizen files a request of this category (GeoReport v2 service definition). */
export interface Open311AttributeDefinition {
  readonly serviceCode: CategoryCode;
  readonly code: string;
  readonly datatype: Open311AttributeDatatype;
  readonly isRequired: boolean;
  readonly description: string;
  readonly datatypeDescription?: string;
  readonly values?: readonly { key: string; name: string }[];
}

// Illustrative: what a unit needs to find and judge the problem without calling the citizen back.
export const OPEN311_ATTRIBUTES: readonly Open311AttributeDefinition[] = [
  { serviceCode: 'street_light', code: 'pole_number', datatype: 'string', isRequired: false, description: '灯杆编号 Number on the pole', datatypeDescription: 'As painted on the pole, e.g. CY-0123' },
  {
    serviceCode: 'street_light',
    code: 'light_state',
    datatype: 'singlevaluelist',
    isRequired: true,
    description: '路灯状态 What is wrong with the light',
    values: [
      { key: 'off', name: '不亮 Off' },
      { key: 'flickering', name: '闪烁 Flickering' },
      { key: 'on_by_day', name: '白天常亮 On during the day' },
      { key: 'damaged', name: '灯杆损坏 Pole damaged' },
    ],
  },
  { serviceCode: 'road_damage', code: 'hole_depth_cm', datatype: 'number', isRequired: false, description: '坑深（厘米） Depth of the hole in centimetres' },
  {
    serviceCode: 'road_damage',
    code: 'surface',
    datatype: 'multivaluelist',
    isRequired: false,
    description: '受损部位 Which surfaces are damaged',
    values: [
      { key: 'carriageway', name: '车行道 Carriageway' },
      { key: 'sidewalk', name: '人行道 Sidewalk' },
      { key: 'manhole', name: '井盖 Manhole cover' },
    ],
  },
  { serviceCode: 'noise', code: 'noticed_at', datatype: 'datetime', isRequired: false, description: '噪声出现时间 When the noise was heard' },
  { serviceCode: 'noise', code: 'source', datatype: 'text', isRequired: false, description: '噪声来源 What makes the noise' },
];
