/** A question-and-answer entry of the demo city's knowledge base (知识库), kept by the unit named. */
export interface DemoKnowledgeEntry {
  /** Fixed, so seeding again changes nothing. */
  entryId: string;
  agencyId: string;
  question: string;
  answer: string;
  category: string | null;
  keywords: readonly string[];
}

// Written for the demo: they say how this hotline works and what a consultation typically asks.
export const KNOWLEDGE_ENTRIES: readonly DemoKnowledgeEntry[] = [
  {
    entryId: '6f1d2c9e-1b1a-4c55-9a01-000000000001',
    agencyId: 'utility-heating',
    question: '本市集中供暖期从哪天开始到哪天结束？',
    answer: '本市法定供暖期为每年11月15日至次年3月15日；遇气温异常，市政府可决定提前或延长供暖，以当年通知为准。',
    category: 'heating',
    keywords: ['供暖期', '供暖时间', '暖气'],
  },
  {
    entryId: '6f1d2c9e-1b1a-4c55-9a01-000000000002',
    agencyId: 'utility-heating',
    question: '家里暖气不热，室温达不到标准怎么办？',
    answer: '供暖期内卧室和起居室温度应不低于18℃。请先排气并检查阀门是否打开；仍不热的，可拨打供热单位客服报修，或拨打12345反映，热线将派单给供热单位上门检测。',
    category: 'heating',
    keywords: ['暖气不热', '室温', '18度'],
  },
  {
    entryId: '6f1d2c9e-1b1a-4c55-9a01-000000000003',
    agencyId: 'city-urban-management',
    question: '12345热线受理哪些事项，紧急情况应该打什么电话？',
    answer: '12345受理咨询、求助、投诉、举报、建议和表扬，全天24小时接听。正在发生的火灾请拨119，有人受伤或急病请拨120，治安刑事警情请拨110，交通事故请拨122。',
    category: null,
    keywords: ['12345', '受理范围', '紧急电话'],
  },
  {
    entryId: '6f1d2c9e-1b1a-4c55-9a01-000000000004',
    agencyId: 'city-urban-management',
    question: '我反映的问题多久能有答复，怎么查询办理进度？',
    answer: '一般诉求在7天内答复，水电气热等民生急事在24小时内答复，紧急情况2小时内答复。来电时告知您的工单编号，凭编号可随时查询办理进度。',
    category: null,
    keywords: ['办理时限', '工单编号', '查询进度'],
  },
  {
    entryId: '6f1d2c9e-1b1a-4c55-9a01-000000000005',
    agencyId: 'city-human-resources',
    question: '单位拖欠工资，应该向哪里投诉？',
    answer: '可向用人单位所在区的劳动保障监察机构投诉，也可拨打12345反映，热线将派单给劳动监察部门核查。已申请劳动仲裁或已起诉的，请按仲裁或诉讼程序办理。',
    category: 'labour_wages',
    keywords: ['拖欠工资', '欠薪', '劳动监察'],
  },
  {
    entryId: '6f1d2c9e-1b1a-4c55-9a01-000000000006',
    agencyId: 'city-education',
    question: '适龄儿童小学入学登记需要准备哪些材料？',
    answer: '一般需要儿童及父母的户口簿、居住证明（房产证明或租赁登记）等，非本市户籍还需居住证和务工就业证明。具体材料与登记时间以所在区教委当年发布的入学政策为准。',
    category: 'education',
    keywords: ['入学登记', '小学入学', '入学材料'],
  },
];
