/** Citizens' requests the load generator posts, round-robin: typical complaints across the demo city. */
const DESCRIPTIONS = [
  '朝阳区建国路小区门口的路灯坏了一周，晚上很黑。',
  '海淀区中关村大街附近工地夜间施工噪音扰民。',
  '东城区某小区停水两天了，没有任何通知。',
  '西城区胡同里垃圾堆放多日无人清理，气味很大。',
  '丰台区某公司拖欠工资三个月。',
  '通州区一段道路路面塌陷，有安全隐患。',
];
const POINTS = [
  { lat: 39.9087, lng: 116.4605 },
  { lat: 39.983, lng: 116.316 },
  { lat: 39.929, lng: 116.416 },
  { lat: 39.912, lng: 116.366 },
  { lat: 39.858, lng: 116.287 },
  { lat: 39.909, lng: 116.657 },
];

export function caseRequest(index: number): Record<string, unknown> {
  const at = index % DESCRIPTIONS.length;
  return { type: 'complaint', channel: 'app', description: DESCRIPTIONS[at], location: POINTS[at] };
}
