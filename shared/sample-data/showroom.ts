// A deterministic sample showroom: realistic Chinese customers, valid mobile numbers, models,
// sources, grades and follow-up histories. Used by the app's "load sample data", by tests and by
// the benchmarks (100,000 customers). Pure: no clock, no randomness beyond the seed.

import dayjs from 'dayjs';
import { DEFAULT_CADENCE, proposeNextFollowUpAt } from '../domain/cadence';
import type { CustomerFields, CustomerSource } from '../domain/customer';
import type { CustomerStatus } from '../domain/customer-status';
import type { FollowUpChannel, FollowUpOutcome, FollowUpState } from '../domain/follow-up';
import { DEFAULT_INTENT_THRESHOLDS, intentLevel } from '../domain/intent';
import { qualificationGrade } from '../domain/qualification';
import { seededRandom, type Random } from './random';
import {
  sampleSalesRecords,
  type SampleComplaint,
  type SampleDelivery,
  type SampleOrder,
  type SampleSurvey,
} from './sales-records';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '高',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '潘',
  '袁',
  '蔡',
  '蒋',
  '余',
  '欧阳',
  '司马',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '文',
  '华',
  '金凤',
  '志强',
  '晓东',
  '雪',
  '子涵',
  '浩然',
  '思远',
  '欣怡',
  '梓萱',
  '一鸣',
  '嘉怡',
  '宇轩',
  '佳琪',
  '俊杰',
  '海燕',
];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
const CITIES: readonly (readonly [string, readonly string[]])[] = [
  ['上海', ['浦东新区', '徐汇区', '闵行区', '静安区', '杨浦区']],
  ['北京', ['朝阳区', '海淀区', '丰台区', '通州区']],
  ['杭州', ['西湖区', '滨江区', '余杭区', '拱墅区']],
  ['苏州', ['工业园区', '姑苏区', '吴中区']],
  ['广州', ['天河区', '番禺区', '白云区']],
  ['成都', ['高新区', '武侯区', '锦江区']],
];
const MODELS: readonly (readonly [string, string, readonly string[], number])[] = [
  ['大众', '帕萨特', ['330TSI 精英版', '380TSI 豪华版'], 20],
  ['大众', '途观L', ['300TSI 两驱智享版', '380TSI 四驱旗舰版'], 25],
  ['丰田', '凯美瑞', ['2.0E 精英版', '2.5HG 豪华版'], 19],
  ['丰田', 'RAV4荣放', ['2.0L 两驱都市版', '双擎 四驱旗舰版'], 21],
  ['本田', '雅阁', ['260TURBO 豪华版', '锐·混动 至尊版'], 18],
  ['比亚迪', '汉EV', ['605km 尊贵型', '715km 旗舰型'], 23],
  ['比亚迪', '宋PLUS DM-i', ['110km 旗舰型', '150km 旗舰PLUS'], 16],
  ['别克', 'GL8', ['ES陆尊 653T', '艾维亚 652T'], 32],
  ['宝马', '3系', ['325Li M运动套装', '330Li xDrive'], 33],
  ['奥迪', 'A6L', ['45 TFSI 臻选动感型', '55 TFSI quattro 旗舰型'], 45],
];
const COLOURS = ['珍珠白', '曜石黑', '星空灰', '极光蓝', '中国红', '香槟金'];
const COMPETITORS = [
  '凯美瑞',
  '雅阁',
  '迈腾',
  '天籁',
  '汉EV',
  '小鹏P7',
  'Model 3',
  '宝马3系',
  '奔驰C级',
];
const EVENTS = ['2026上海车展', '周末团购会', '4S店开放日', '社区巡展'];
const TRADE_INS = ['2015款 卡罗拉', '2017款 朗逸', '2018款 思域', '2016款 英朗', ''];
const SOURCES: readonly CustomerSource[] = [
  'walk_in',
  'walk_in',
  'walk_in',
  'phone_in',
  'online',
  'online',
  'referral',
  'event',
  'existing_owner',
  'other',
];
const CHANNELS: readonly FollowUpChannel[] = [
  'phone',
  'phone',
  'phone',
  'wechat',
  'wechat',
  'sms',
  'visit',
  'test_drive',
];
const OUTCOMES: readonly FollowUpOutcome[] = [
  'contacted',
  'contacted',
  'no_answer',
  'visited',
  'test_drove',
];
const RESULTS = [
  '客户对动力和油耗比较满意，想再比较一下价格',
  '电话未接通，稍后再联系',
  '客户到店看车，试坐后兴趣较高',
  '已安排周末试驾',
  '客户在等年底优惠活动',
  '家人意见不统一，需要再商量',
  '关注置换补贴政策',
];
const PURPOSES = [
  '确认到店时间',
  '邀约试驾',
  '介绍金融方案',
  '回复报价',
  '了解家人意见',
  '首次联系，确认需求',
];
const TAGS = ['置换', '贷款', '二胎家庭', '企业采购', 'VIP', '老客户转介绍', '价格敏感'];

export type SampleCustomer = CustomerFields & { id: string; createdAt: string; updatedAt: string };

export type SampleFollowUp = {
  id: string;
  customerId: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  channel: FollowUpChannel;
  purpose: string;
  state: FollowUpState;
  completedAt: string | null;
  outcome: FollowUpOutcome | null;
  result: string;
};

export type SampleShowroom = {
  customers: SampleCustomer[];
  followUps: SampleFollowUp[];
  /** For ordered and delivered customers (see sales-records.ts). */
  orders: SampleOrder[];
  deliveries: SampleDelivery[];
  surveys: SampleSurvey[];
  complaints: SampleComplaint[];
};

function emptyShowroom(): SampleShowroom {
  return { customers: [], followUps: [], orders: [], deliveries: [], surveys: [], complaints: [] };
}

/** Folds `more` into `into`; a loop, because spreading 300,000 rows as arguments overflows the stack. */
function append(into: SampleShowroom, more: SampleShowroom): void {
  for (const key of Object.keys(into) as (keyof SampleShowroom)[]) {
    const target: unknown[] = into[key];
    for (const row of more[key]) target.push(row);
  }
}

export type SampleShowroomOptions = {
  seed: number;
  customers: number;
  /** "Today" for the sample: follow-ups fall due around it. */
  now: Date;
};

/** Mixed into the seed for the sales records' stream (any constant that is not 0). */
const SALES_STREAM = 0x5a1e5;

export function generateShowroom(options: SampleShowroomOptions): SampleShowroom {
  const showroom = emptyShowroom();
  for (const chunk of showroomChunks(options, Math.max(1, options.customers))) {
    append(showroom, chunk);
  }
  return showroom;
}

/**
 * The same showroom, produced a chunk at a time: a 100,000-customer load never holds the whole
 * showroom in memory. Concatenating the chunks gives exactly generateShowroom's output.
 */
export function* showroomChunks(
  options: SampleShowroomOptions,
  chunkSize: number,
): Generator<SampleShowroom> {
  if (!(chunkSize > 0)) throw new Error(`chunkSize must be positive, got ${chunkSize}`);
  const random = seededRandom(options.seed);
  // Orders, deliveries, surveys and complaints draw from a stream of their own: adding them did
  // not reshuffle any seed's customers and follow-ups.
  const salesRandom = seededRandom(options.seed ^ SALES_STREAM);
  const makeSalesId = (millis: number) => sampleId(salesRandom, millis);
  const usedPhones = new Set<string>();
  let chunk = emptyShowroom();
  for (let index = 0; index < options.customers; index += 1) {
    const customer = sampleCustomer(random, options.now, usedPhones);
    chunk.customers.push(customer);
    for (const followUp of sampleFollowUps(random, customer, options.now))
      chunk.followUps.push(followUp);
    const sales = sampleSalesRecords(salesRandom, customer, options.now, makeSalesId);
    for (const order of sales.orders) chunk.orders.push(order);
    for (const delivery of sales.deliveries) chunk.deliveries.push(delivery);
    for (const survey of sales.surveys) chunk.surveys.push(survey);
    for (const complaint of sales.complaints) chunk.complaints.push(complaint);
    if (chunk.customers.length === chunkSize) {
      yield chunk;
      chunk = emptyShowroom();
    }
  }
  if (chunk.customers.length > 0) yield chunk;
}

function sampleCustomer(random: Random, now: Date, usedPhones: Set<string>): SampleCustomer {
  const createdAt = dayjs(now)
    .subtract(random.int(0, 120), 'day')
    .subtract(random.int(0, 600), 'minute');
  const [brand, model, trims, basePrice] = random.pick(MODELS);
  const [city, districts] = random.pick(CITIES);
  const source = random.pick(SOURCES);
  const facts = {
    hasConfidence: random.chance(0.6),
    hasNeed: random.chance(0.75),
    hasPurchasingPower: random.chance(0.7),
  };
  const status = pickStatus(random);
  const today = dayjs(now).format('YYYY-MM-DD');
  const expectedPurchaseDate =
    status === 'delivered'
      ? null
      : dayjs(now)
          .add(random.pick([3, 5, 14, 25, 45, 80, 150]), 'day')
          .format('YYYY-MM-DD');
  const isCompany = random.chance(0.06);
  const name = random.pick(SURNAMES) + random.pick(GIVEN);
  const phones = [uniqueMobile(random, usedPhones)];
  if (random.chance(0.1)) phones.push(uniqueMobile(random, usedPhones));
  const budget = basePrice + random.int(-3, 5);
  const delivered = status === 'delivered';
  // Never before the customer first came in (a walk-in may buy a car in stock that very day).
  const drawnDeliveryDay = dayjs(now).subtract(random.int(5, 90), 'day');
  const deliveryDay = drawnDeliveryDay.isBefore(createdAt, 'day')
    ? createdAt.startOf('day')
    : drawnDeliveryDay;
  return {
    id: sampleId(random, createdAt.valueOf()),
    createdAt: createdAt.toISOString(),
    // Clamped to now: a card created in the last days must not have been edited in the future.
    updatedAt: notAfter(createdAt.add(random.int(0, 3), 'day'), now).toISOString(),
    kind: isCompany ? 'company' : 'person',
    name,
    phones,
    wechatId: random.chance(0.5) ? `wx_${phones[0]?.slice(-6)}` : '',
    gender: random.pick(['male', 'female', 'male'] as const),
    city,
    district: random.pick(districts),
    company: isCompany ? `${city}${random.pick(['恒通', '瑞丰', '华信', '远航'])}物流有限公司` : '',
    birthday: random.chance(0.4)
      ? `${random.int(1965, 2002)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`
      : null,
    source,
    sourceDetail:
      source === 'referral'
        ? `${random.pick(SURNAMES)}先生（老客户）`
        : source === 'event'
          ? random.pick(EVENTS)
          : source === 'other'
            ? '抖音直播'
            : '',
    brand,
    model,
    trim: random.pick(trims),
    colour: random.pick(COLOURS),
    budgetMin: budget - 2,
    budgetMax: budget + 3,
    payment: random.pick(['full', 'loan', 'loan', 'lease'] as const),
    tradeIn: random.pick(TRADE_INS),
    competitors: random.chance(0.6) ? random.pick(COMPETITORS) : '',
    purpose: isCompany ? 'business' : random.pick(['own_use', 'own_use', 'gift'] as const),
    ...facts,
    qualificationGrade: qualificationGrade(facts),
    expectedPurchaseDate,
    intentLevel: intentLevel(expectedPurchaseDate, today, DEFAULT_INTENT_THRESHOLDS),
    status,
    lostReason: status === 'lost_requested' ? '已在其他品牌购车' : '',
    lostCompetitor: status === 'lost_requested' ? random.pick(COMPETITORS) : '',
    lostRequestedAt:
      status === 'lost_requested' ? dayjs(now).subtract(1, 'day').toISOString() : null,
    statusBeforeLost: status === 'lost_requested' ? 'following' : null,
    contractAmount: status === 'ordered' || delivered ? budget * 10_000 : null,
    deliveryDate: delivered ? deliveryDay.format('YYYY-MM-DD') : null,
    warrantyExpiry: delivered ? deliveryDay.add(3, 'year').format('YYYY-MM-DD') : null,
    insuranceExpiry: delivered ? deliveryDay.add(1, 'year').format('YYYY-MM-DD') : null,
    potentialNeeds: random.chance(0.15) ? '家里还需要一台代步车' : '',
    referralsMade: delivered ? random.int(0, 2) : 0,
    tags: random.chance(0.3) ? [random.pick(TAGS)] : [],
    notes: random.chance(0.3) ? random.pick(RESULTS) : '',
    confirmedAt: createdAt.toISOString(),
  };
}

function pickStatus(random: Random): CustomerStatus {
  const roll = random.next();
  if (roll < 0.15) return 'new';
  if (roll < 0.8) return 'following';
  if (roll < 0.88) return 'ordered';
  if (roll < 0.96) return 'delivered';
  return 'lost_requested';
}

function sampleFollowUps(random: Random, customer: SampleCustomer, now: Date): SampleFollowUp[] {
  const rows: SampleFollowUp[] = [];
  const done = customer.status === 'new' ? 0 : random.int(1, 4);
  let at = dayjs(customer.createdAt).add(random.int(2, 20), 'hour');
  for (let index = 0; index < done && at.isBefore(now); index += 1) {
    rows.push({
      id: sampleId(random, at.valueOf()),
      customerId: customer.id,
      createdAt: customer.createdAt,
      updatedAt: at.toISOString(),
      dueAt: at.toISOString(),
      channel: random.pick(CHANNELS),
      purpose: random.pick(PURPOSES),
      state: 'done',
      completedAt: notAfter(at.add(contactDelay(random.int(0, 90)), 'minute'), now).toISOString(),
      outcome: random.pick(OUTCOMES),
      result: random.pick(RESULTS),
    });
    at = at.add(random.int(2, 14), 'day');
  }
  const active =
    customer.status === 'new' || customer.status === 'following' || customer.status === 'ordered';
  // A few active customers are left without a plan so the "no plan" view has something to show.
  if (active && !random.chance(0.05)) {
    const last = rows.at(-1)?.completedAt;
    const proposed = last
      ? proposeNextFollowUpAt(customer, new Date(last), DEFAULT_CADENCE)
      : dayjs(customer.createdAt).add(DEFAULT_CADENCE.firstContactHours, 'hour').toDate();
    // Spread around today: some past due, some today, most upcoming.
    const dueAt =
      proposed && dayjs(proposed).isAfter(dayjs(now).subtract(10, 'day'))
        ? dayjs(proposed)
        : dayjs(now).add(random.int(-5, 10), 'day').hour(random.int(9, 18)).minute(0);
    rows.push({
      id: sampleId(random, dayjs(customer.updatedAt).valueOf()),
      customerId: customer.id,
      createdAt: customer.updatedAt,
      updatedAt: customer.updatedAt,
      dueAt: dueAt.second(0).millisecond(0).toISOString(),
      channel: random.pick(CHANNELS),
      purpose: customer.status === 'new' ? '首次联系，确认需求' : random.pick(PURPOSES),
      state: 'planned',
      completedAt: null,
      outcome: null,
      result: '',
    });
  }
  return rows;
}

/**
 * Minutes from due to done: mostly within the hour and a half, but one draw in nine (81–90) is
 * logged the next day, so the dashboard's follow-up compliance has late contacts to show. The
 * draw itself is unchanged, so the random sequence (and every later row) stays the same.
 */
function contactDelay(minutes: number): number {
  return minutes > 80 ? minutes + 24 * 60 : minutes;
}

function uniqueMobile(random: Random, used: Set<string>): string {
  for (;;) {
    const phone = random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}

/** A UUIDv7-shaped id whose random bits come from the seed, so samples are reproducible. */
function sampleId(random: Random, millis: number): string {
  const hex = Math.max(0, millis).toString(16).padStart(12, '0').slice(-12);
  const randomHex = (length: number) =>
    Array.from({ length }, () => random.int(0, 15).toString(16)).join('');
  const variant = (8 + random.int(0, 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${randomHex(3)}-${variant}${randomHex(3)}-${randomHex(12)}`;
}

/** The earlier of the two (the random draw has already happened, so the sequence is unchanged). */
function notAfter(at: dayjs.Dayjs, now: Date): dayjs.Dayjs {
  return at.isAfter(now) ? dayjs(now) : at;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
