// Special routes that end an order without dispatch (DOMAIN §3.2). Each rule is data: what must be in
// the text, and what keeps it out. Rules are conservative: a word that also occurs in everyday
// complaints (消防通道, 事故多发路口, 救护车收费 …) never triggers on its own, and a hypothetical or
// preventive framing (万一, 隐患, 建议 …) keeps an order with the hotline.

export type EmergencyLine = '110' | '119' | '120' | '122';

export interface EmergencyRule {
  transferredTo: EmergencyLine;
  reason: string;
  /** Any of these in the text… */
  matches: readonly RegExp[];
  /** …unless any of these is there too. */
  unless: readonly RegExp[];
}

// A danger that may happen, or keeps happening, is a hazard for a unit to remove, not an emergency now.
const NOT_HAPPENING_NOW = /万一|如果|一旦|假如|要是|隐患|担心|害怕|容易|经常|多发|频发|建议|预防|防范|演练|宣传|以防|避免|存在.{0,4}风险/u;

/** In order: the first rule that matches decides (a fire with injuries goes to 119, which calls 120). */
export const EMERGENCY_RULES: readonly EmergencyRule[] = [
  {
    transferredTo: '119',
    reason: '火情或爆炸，属119消防救援',
    matches: [/(着火|起火|失火|火灾|大火|火势|燃起来|烧起来)了?/u, /(燃气|煤气|天然气|液化气)?(爆炸|爆燃)/u],
    // 消防通道/消防栓/灭火器: complaints about fire-safety facilities, handled by the fire department as a unit.
    unless: [NOT_HAPPENING_NOW, /消防(通道|栓|设施|车道|器材)|灭火器|烟花爆竹|爆炸性新闻/u],
  },
  {
    transferredTo: '120',
    reason: '有人受伤或失去意识，属120急救',
    matches: [/昏迷|晕倒|昏倒|倒地不起|不省人事|失去意识|没有呼吸|没了呼吸|心脏骤停|大量出血|血流不止|受了重伤|重伤|摔伤.{0,6}(起不来|流血)/u],
    unless: [NOT_HAPPENING_NOW, /收费|费用|态度|报销|医保/u],
  },
  {
    transferredTo: '110',
    reason: '正在发生的治安或刑事案件，属110',
    matches: [/打架斗殴|打架|斗殴|持刀|砍人|行凶|抢劫|绑架|殴打|正在被打|杀人|入室盗窃|有人(偷|撬)/u],
    unless: [NOT_HAPPENING_NOW, /游戏|视频|电视|小区?猫|狗打架/u],
  },
  {
    transferredTo: '122',
    reason: '交通事故，属122交通事故报警',
    matches: [/交通事故|车祸|撞车|追尾|相撞|撞人|被车撞|撞倒|肇事/u],
    unless: [NOT_HAPPENING_NOW, /红绿灯|信号灯|路口设计|限速|理赔|保险/u],
  },
];

export interface OtherChannelRule {
  channel: string;
  explanation: string;
  matches: readonly RegExp[];
  unless: readonly RegExp[];
}

/** Matters with a legal channel of their own: the citizen is told where to go (不予受理, with the channel). */
export const OTHER_CHANNEL_RULES: readonly OtherChannelRule[] = [
  {
    channel: '人民法院',
    explanation: '该事项已进入或属于司法诉讼程序，请通过人民法院（起诉、上诉、申请执行或再审）依法解决。',
    matches: [/(法院|法庭).{0,10}(判决|裁定|审理|立案|执行|开庭|调解书)/u, /判决书|裁定书|已经起诉|已起诉|正在起诉|提起诉讼|诉讼中|上诉|再审|申请强制执行/u],
    unless: [/法院(门口|附近|旁边|路)/u],
  },
  {
    channel: '劳动人事争议仲裁委员会',
    explanation: '该事项属劳动人事争议仲裁程序，请向劳动人事争议仲裁委员会申请仲裁或对裁决依法起诉。',
    matches: [/仲裁(裁决|结果|庭|委员会|委)|不服.{0,8}(仲裁|裁决)|(正在|已经|已)(申请)?(劳动)?仲裁/u],
    unless: [],
  },
  {
    channel: '信访部门',
    explanation: '该事项属信访事项，请依照《信访工作条例》向有权处理的信访工作机构提出。',
    matches: [/信访(事项|件|局|办|答复|复查|复核)|上访|复查复核/u],
    unless: [],
  },
];

const applies = (text: string, rule: { matches: readonly RegExp[]; unless: readonly RegExp[] }): boolean =>
  rule.matches.some((re) => re.test(text)) && !rule.unless.some((re) => re.test(text));

export function emergencyFor(text: string, rules: readonly EmergencyRule[] = EMERGENCY_RULES): { transferredTo: EmergencyLine; reason: string } | null {
  const rule = rules.find((r) => applies(text, r));
  return rule ? { transferredTo: rule.transferredTo, reason: rule.reason } : null;
}

export function otherChannelFor(text: string, rules: readonly OtherChannelRule[] = OTHER_CHANNEL_RULES): { channel: string; explanation: string } | null {
  const rule = rules.find((r) => applies(text, r));
  return rule ? { channel: rule.channel, explanation: rule.explanation } : null;
}
