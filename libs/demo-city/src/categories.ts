import type { Urgency } from './sla-profiles';

export const CATEGORY_GROUPS = [
  'utilities',
  'safety',
  'urban_management',
  'transport',
  'housing',
  'livelihood',
  'market',
  'environment',
  'other',
] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

export const CATEGORY_CODES = [
  'water_supply',
  'power_supply',
  'gas_supply',
  'heating',
  'gas_leak',
  'public_safety_hazard',
  'noise',
  'illegal_construction',
  'sanitation',
  'street_order',
  'road_damage',
  'street_light',
  'parking',
  'traffic',
  'property_management',
  'housing',
  'labour_wages',
  'education',
  'health',
  'civil_affairs',
  'market_regulation',
  'environment_pollution',
  'greening',
  'other',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface Category {
  readonly code: CategoryCode;
  readonly name: string;
  readonly nameEn: string;
  readonly group: CategoryGroup;
  /** Default urgency; it picks the SLA clock (see sla-profiles). */
  readonly urgency: Urgency;
  /** Generic words a keyword classifier can count; `other` has none (it is the fallback). */
  readonly keywords: readonly string[];
}

const c = (
  code: CategoryCode,
  name: string,
  nameEn: string,
  group: CategoryGroup,
  urgency: Urgency,
  keywords: string,
): Category => ({ code, name, nameEn, group, urgency, keywords: keywords.split('|').filter((k) => k !== '') });

// Keywords are '|'-separated; multi-character words on purpose (卫生 alone would mean both sanitation and health).
export const CATEGORIES: readonly Category[] = [
  c('water_supply', '供水', 'Water supply', 'utilities', 'urgent',
    '停水|断水|没水|没有水|水压|自来水|供水|爆管|水管爆裂|水管破裂|水质|水发黄|水浑浊|二次供水|水表|水费|water supply|no water|burst pipe'),
  c('power_supply', '供电', 'Power supply', 'utilities', 'urgent',
    '停电|断电|没电|跳闸|电压|供电|电力|电线|电缆|电表|电费|变压器|电箱|power outage|blackout|electricity'),
  c('gas_supply', '燃气', 'Gas supply', 'utilities', 'urgent',
    '燃气|天然气|煤气|液化气|停气|没有气|燃气费|燃气表|燃气灶|燃气管道|gas supply|gas bill'),
  c('heating', '供暖', 'Heating', 'utilities', 'urgent',
    '供暖|暖气|采暖|供热|热力|取暖|暖气不热|室温|地暖|供暖费|暖气费|heating|radiator'),
  c('gas_leak', '燃气泄漏', 'Gas leak', 'safety', 'emergency',
    '燃气泄漏|煤气泄漏|天然气泄漏|漏气|燃气味|煤气味|天然气味|闻到气味|gas leak|smell of gas'),
  c('public_safety_hazard', '安全隐患', 'Public safety hazard', 'safety', 'emergency',
    '安全隐患|隐患|危险|坍塌|倒塌|塌陷|着火|火灾|起火|冒烟|消防通道|消防|电梯困人|被困|高空坠物|坠落|漏电|触电|危房|井盖丢失|井盖缺失|safety hazard|collapse|on fire'),
  c('noise', '噪声扰民', 'Noise', 'urban_management', 'normal',
    '噪音|噪声|扰民|吵闹|太吵|很吵|夜间施工|半夜施工|连夜施工|施工声|广场舞|音响|喇叭|装修声|鸣笛|noise|too loud'),
  c('illegal_construction', '违法建设', 'Illegal construction', 'urban_management', 'normal',
    '违建|违法建设|违章建筑|违章搭建|私搭乱建|乱搭乱建|私建|搭建|加盖|彩钢房|开墙打洞|拆违|违法建筑|违章|私自改建|illegal construction|unauthorized structure'),
  c('sanitation', '环境卫生', 'Sanitation and rubbish', 'urban_management', 'normal',
    '垃圾|垃圾桶|垃圾清运|垃圾分类|环境卫生|卫生差|脏乱差|脏乱|保洁|清扫|公厕|厕所|渣土|建筑垃圾|小广告|化粪池|下水道|老鼠|蚊虫|rubbish|garbage|litter'),
  c('street_order', '街面秩序', 'Street order and vending', 'urban_management', 'normal',
    '占道经营|占道|摆摊|摊贩|小贩|商贩|游商|夜市|流动摊|城管|门前三包|乱堆乱放|street vendor|hawker'),
  c('road_damage', '道路破损', 'Road damage', 'urban_management', 'normal',
    '道路破损|路面破损|路面|坑洼|大坑|路坑|破损|人行道|步道砖|井盖|裂缝|道路积水|积水|修路|路面硬化|道路|护栏|断头路|路烂|pothole|road damage|sidewalk'),
  c('street_light', '路灯', 'Street lights', 'urban_management', 'normal',
    '路灯|灯不亮|不亮|照明|灯杆|景观灯|street light|streetlight'),
  c('parking', '停车', 'Parking', 'urban_management', 'normal',
    '停车|车位|停车场|乱停|违停|占道停车|停车费|地锁|僵尸车|电动车停放|parking'),
  c('traffic', '交通出行', 'Traffic and public transport', 'transport', 'normal',
    '交通|公交|地铁|出租车|的士|网约车|红绿灯|信号灯|拥堵|堵车|斑马线|人行横道|天桥|限行|共享单车|驾校|驾考|客运|快递|邮政|bus stop|bus route|subway|taxi|traffic light'),
  c('property_management', '物业管理', 'Property management', 'housing', 'normal',
    '物业|物业费|物业公司|业委会|业主委员会|电梯|门禁|楼道|楼道灯|屋顶漏水|楼顶漏水|外墙|维修基金|小区|property management'),
  c('housing', '住房', 'Housing', 'housing', 'normal',
    '住房|公租房|廉租房|保障房|共有产权房|经适房|安置房|回迁|拆迁|征收|棚改|棚户区|房产证|不动产证|产权证|交房|开发商|购房|房价|租房|房东|中介|群租|房屋质量|公积金|危房改造|棚户区改造|房屋|housing|rental|landlord'),
  c('labour_wages', '劳动工资/社保', 'Labour, wages and social insurance', 'livelihood', 'normal',
    '拖欠工资|欠薪|讨薪|工资|社保|社会保险|养老保险|养老金|医保|医疗保险|失业|劳动合同|劳动仲裁|辞退|加班|工伤|退休|就业|劳务派遣|农民工|试用期|五险一金|公务员|事业单位|编制|职称|待遇|补贴|下岗|工龄|买断|打工|用人单位|wage|unpaid wages|pension|social insurance'),
  c('education', '教育', 'Education', 'livelihood', 'normal',
    '学校|学生|教育|老师|教师|幼儿园|小学|中学|初中|高中|大学|上学|入学|招生|学位|补课|培训班|校外培训|学费|中考|高考|班主任|校长|校车|学区|school|teacher|kindergarten'),
  c('health', '卫生健康', 'Health', 'livelihood', 'normal',
    '医院|医生|医疗|看病|挂号|就医|诊所|黑诊所|行医|疫苗|接种|卫生院|卫生服务中心|医患|护士|急诊|生育|二胎|独生子女|传染病|疫情|hospital|doctor|vaccine|clinic'),
  c('civil_affairs', '民政救助', 'Social assistance and civil affairs', 'livelihood', 'normal',
    '低保|救助|困难家庭|残疾|残疾人|养老院|养老服务|老年人|高龄补贴|殡葬|墓地|婚姻登记|优抚|退役军人|社区服务|welfare|disability|elderly care'),
  c('market_regulation', '市场监管', 'Market regulation (consumers and food)', 'market', 'normal',
    '消费者|消费|退款|退货|商家|欺诈|虚假宣传|价格|收费标准|乱收费|食品安全|食品|过期|变质|餐馆|饭店|餐饮|外卖|无证经营|假冒|假货|产品质量|预付卡|办卡|健身房|超市|商场|药店|保健品|传销|缺斤短两|购买|涨价|多收|强制消费|欺骗|广告|旅游|景区|门票|消协|投诉商家|refund|consumer|food safety|counterfeit'),
  c('environment_pollution', '生态环境', 'Pollution and environment', 'environment', 'normal',
    '污染|环境污染|排污|偷排|污水|废水|废气|烟尘|排烟|油烟|粉尘|扬尘|雾霾|空气质量|异味|臭味|恶臭|焚烧|烧垃圾|秸秆|化工厂|环保|辐射|基站|河道|黑臭|养殖场|生态|毒气|排放|乱排|采石场|碎石厂|砖厂|搅拌站|炼油|养猪|环评|pollution|smoke|odour|air quality'),
  c('greening', '园林绿化', 'Greening and parks', 'environment', 'normal',
    '绿化|树木|大树|树枝|砍树|伐树|修剪|枯树|倒伏|草坪|绿地|公园|园林|花坛|毁绿|杨絮|柳絮|飞絮|病虫害|行道树|fallen tree|public park|green space'),
  c('other', '其他', 'Other', 'other', 'normal', ''),
];

const byCode = new Map(CATEGORIES.map((cat) => [cat.code, cat]));

export function isCategoryCode(value: string): value is CategoryCode {
  return byCode.has(value as CategoryCode);
}

export function getCategory(code: string): Category | undefined {
  return isCategoryCode(code) ? byCode.get(code) : undefined;
}
