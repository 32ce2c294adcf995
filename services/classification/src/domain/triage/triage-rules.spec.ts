import { emergencyFor, otherChannelFor } from './triage-rules';

describe('emergencyFor', () => {
  it.each([
    ['我家楼下餐馆着火了，火很大，浓烟往楼上冒', '119'],
    ['小区3号楼发生燃气爆炸，窗户都震碎了', '119'],
    ['公交站有位老人晕倒了，叫不醒', '120'],
    ['工地上有工人从脚手架摔下来，受了重伤', '120'],
    ['建国路和东三环路口两辆车追尾了，堵住了车道', '122'],
    ['小区门口刚才发生车祸，一辆电动车被车撞了', '122'],
    ['楼下有几个人在打架斗殴，还拿着棍子', '110'],
    ['有人持刀在超市门口威胁路人', '110'],
  ])('transfers %s to %s', (text, line) => {
    expect(emergencyFor(text)?.transferredTo).toBe(line);
  });

  it.each([
    '小区消防通道被占，车辆长期停放，万一着火消防车进不来',
    '楼道里堆满杂物，存在火灾隐患，请物业清理',
    '消防栓被圈在围墙里，希望相关部门处理',
    '这个路口经常发生交通事故，建议安装红绿灯',
    '投诉120救护车收费太高，跑了三公里收了八百块',
    '楼上邻居夫妻天天吵架，噪音扰民',
    '孩子在玩打架游戏的视频声音太大',
    '燃气公司上门安检说要换管子，收费是否合理',
    '交通事故理赔时保险公司拖延不给钱',
  ])('keeps %s with the hotline', (text) => {
    expect(emergencyFor(text)).toBeNull();
  });
});

describe('otherChannelFor', () => {
  it.each([
    ['法院判决开发商退款，但对方一直不执行，我该怎么办', '人民法院'],
    ['我已经起诉了物业公司，想问案子什么时候开庭', '人民法院'],
    ['对劳动仲裁裁决不服，公司还是不给工资', '劳动人事争议仲裁委员会'],
    ['我的信访事项半年了还没有答复', '信访部门'],
  ])('declines %s to %s', (text, channel) => {
    expect(otherChannelFor(text)?.channel).toBe(channel);
  });

  it.each([
    '公司拖欠工资三个月，请劳动监察部门处理',
    '法院门口乱停车，堵塞交通',
    '物业乱收费，请相关部门查处',
  ])('keeps %s with the hotline', (text) => {
    expect(otherChannelFor(text)).toBeNull();
  });
});
