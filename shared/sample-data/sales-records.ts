// What happened to the sample showroom's buyers after the handshake: an order for every ordered or
// delivered customer; for every delivered one a completed delivery, usually the day-7 satisfaction
// survey, and now and then a complaint (some resolved, some still open, some overdue). Pure and
// seeded like the rest of the showroom; the caller gives it a random stream of its own, so adding
// these rows did not reshuffle the customers and follow-ups of any seed.
//
// Deliberately not generated: checklist items (about thirty rows per delivery would triple a
// 100,000-customer load for screens that show one delivery at a time) and post-delivery calls.

import dayjs from 'dayjs';
import { complaintDueDates, type Complaint, type ComplaintCategory } from '../domain/complaint';
import type { Delivery } from '../domain/delivery';
import type { Order } from '../domain/order';
import type { LoyaltyIntent, Survey, SurveyScores } from '../domain/survey';
import type { SyncedRow } from '../domain/synced-row';
import { vinCheckDigit } from '../domain/vin';
import type { Random } from './random';

/** A row as the generator makes it: the write path adds the dealership, owner and clocks. */
type SampleRow<Row extends SyncedRow> = Omit<Row, keyof SyncedRow> & {
  id: string;
  createdAt: string;
  updatedAt: string;
};

export type SampleOrder = SampleRow<Order>;
export type SampleDelivery = SampleRow<Delivery>;
/** Who sold the car and who made the call are the loader's to say (the generator has no users). */
export type SampleSurvey = Omit<
  SampleRow<Survey>,
  'consultantId' | 'surveyedBy' | 'surveyedByName'
>;
export type SampleComplaint = SampleRow<Complaint>;

export type SampleSalesRecords = {
  orders: SampleOrder[];
  deliveries: SampleDelivery[];
  surveys: SampleSurvey[];
  complaints: SampleComplaint[];
};

/** What the generator needs to know of a customer. */
export type SoldCustomer = {
  id: string;
  name: string;
  city: string;
  createdAt: string;
  status: string;
  brand: string;
  model: string;
  trim: string;
  colour: string;
  contractAmount: number | null;
  /** Local day of the handover, for delivered customers. */
  deliveryDate: string | null;
};

export type MakeId = (millis: number) => string;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The post-delivery survey call: day 7, the manager calls with the survey. */
const SURVEY_DAY = 7;

/**
 * A one-pixel PNG: a completed delivery carries the customer's signature, and the sample must not
 * look like one completed without it.
 */
export const SAMPLE_SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const WMI_BY_BRAND: Record<string, string> = {
  大众: 'LSV',
  丰田: 'LVG',
  本田: 'LHG',
  比亚迪: 'LGX',
  别克: 'LSG',
  宝马: 'LBV',
  奥迪: 'LFV',
};
const PLATE_PREFIX: Record<string, string> = {
  上海: '沪A',
  北京: '京A',
  杭州: '浙A',
  苏州: '苏E',
  广州: '粤A',
  成都: '川A',
};
/** VINs never use I, O or Q; plates never I or O. */
const VIN_CHARS = [...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'];
const PLATE_CHARS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'];

const CATEGORIES: readonly ComplaintCategory[] = [
  'product_quality',
  'product_quality',
  'product_quality',
  'service',
  'service',
  'service',
  'repair_quality',
  'price',
  'price',
  'other',
];
const DESCRIPTIONS: Record<ComplaintCategory, readonly string[]> = {
  product_quality: ['车机系统经常死机', '高速行驶时车门有异响', '空调制冷效果差', '仪表台有异味'],
  repair_quality: ['首保后发动机故障灯亮', '更换的雨刮器仍然有异响'],
  service: ['交车时没有讲解车辆功能', '销售顾问承诺的赠品没有兑现', '售后电话一直没人接'],
  price: ['交车后同款车降价两万元', '精品加装费用和报价不一致'],
  other: ['上牌进度太慢', '发票抬头开错了'],
};
const RESOLUTIONS = [
  '已安排技师上门检测并更换零件，客户认可',
  '补送保养券两次，客户表示满意',
  '经理当面致歉并兑现承诺，客户接受',
  '退还差价部分，客户撤回投诉',
];
const SURVEY_COMMENTS = [
  '顾问很耐心，讲解很专业',
  '交车仪式很用心',
  '等待时间有点长',
  '试驾路线可以再长一些',
  '',
  '',
  '',
];

export function sampleSalesRecords(
  random: Random,
  customer: SoldCustomer,
  now: Date,
  makeId: MakeId,
): SampleSalesRecords {
  const records: SampleSalesRecords = { orders: [], deliveries: [], surveys: [], complaints: [] };
  const ordered = customer.status === 'ordered';
  const delivered = customer.status === 'delivered' && customer.deliveryDate !== null;
  if (!ordered && !delivered) return records;

  const created = Date.parse(customer.createdAt);
  const nowMs = now.getTime();
  // The handover morning (never before the first visit, never after now), then the afternoon the
  // contract was signed: between the first visit and the handover, or today for an open order.
  const handoverDay = delivered ? dayjs(customer.deliveryDate) : null;
  // The last moment of the handover day: the card's delivery date is the day it completed.
  const dayEnd = handoverDay
    ? Math.min(handoverDay.add(1, 'day').valueOf() - 60_000, nowMs)
    : nowMs;
  const scheduledAt = handoverDay
    ? clamp(handoverDay.hour(10).valueOf() + random.int(0, 6) * HOUR_MS, created, dayEnd)
    : null;
  const latest = Math.min(scheduledAt ?? nowMs, nowMs);
  const orderedAt = clamp(
    dayjs(created + random.next() * Math.max(0, latest - created))
      .hour(14)
      .minute(random.int(0, 59))
      .valueOf(),
    created,
    latest,
  );
  const order: SampleOrder = {
    id: makeId(orderedAt),
    createdAt: iso(orderedAt),
    updatedAt: iso(orderedAt),
    customerId: customer.id,
    kind: delivered || random.chance(0.4) ? 'contract' : 'deposit',
    amount: customer.contractAmount ?? 0,
    depositAmount: random.pick([5_000, 10_000, 20_000, null]),
    brand: customer.brand,
    model: customer.model,
    trim: customer.trim,
    colour: customer.colour,
    orderedOn: dayjs(orderedAt).format('YYYY-MM-DD'),
    note: '',
    state: 'active',
  };
  records.orders.push(order);
  if (scheduledAt === null) return records;

  const completedAt = Math.min(scheduledAt + random.int(60, 150) * 60_000, dayEnd);
  const delivery: SampleDelivery = {
    id: makeId(orderedAt + HOUR_MS),
    createdAt: iso(Math.min(orderedAt + HOUR_MS, completedAt)),
    updatedAt: iso(completedAt),
    customerId: customer.id,
    orderId: order.id,
    vin: sampleVin(random, customer.brand),
    engineNumber: `${random.pick(['DKX', 'EA8', 'M20', 'BYD', 'B48'])}${String(random.int(0, 999_999)).padStart(6, '0')}`,
    brand: customer.brand,
    model: customer.model,
    colour: customer.colour,
    plate: `${PLATE_PREFIX[customer.city] ?? '沪A'}${Array.from({ length: 5 }, () => random.pick(PLATE_CHARS)).join('')}`,
    scheduledAt: iso(scheduledAt),
    state: 'completed',
    templateVersion: 1,
    signature: SAMPLE_SIGNATURE,
    signedBy: customer.name,
    signedAt: iso(completedAt),
    completedAt: iso(completedAt),
    warrantyStart: dayjs(completedAt).format('YYYY-MM-DD'),
  };
  records.deliveries.push(delivery);

  // The day-7 call: most delivered customers reached by now have answered it.
  const surveyedAt = dayjs(completedAt)
    .add(SURVEY_DAY, 'day')
    .hour(random.int(10, 17))
    .minute(random.int(0, 59))
    .valueOf();
  if (surveyedAt <= nowMs && random.chance(0.85)) {
    records.surveys.push(sampleSurvey(random, customer.id, delivery.id, surveyedAt, makeId));
  }

  // More often than a real showroom hears one, so that a 500-customer sample has some to show.
  if (random.chance(0.4)) {
    const receivedAt = completedAt + random.int(1, 30) * DAY_MS + random.int(0, 8) * HOUR_MS;
    if (receivedAt <= nowMs) {
      records.complaints.push(sampleComplaint(random, customer.id, receivedAt, now, makeId));
    }
  }
  return records;
}

function sampleSurvey(
  random: Random,
  customerId: string,
  deliveryId: string,
  surveyedAt: number,
  makeId: MakeId,
): SampleSurvey {
  // One experience colours all seven answers: most were good, a few were poor. The steps
  // showrooms most often skip (advice on options, introducing the service advisor) score lower.
  const experience = random.pick([5, 5, 4.6, 4.6, 4.2, 4.2, 3.8, 3.2, 2.5]);
  const score = (bias: number) =>
    Math.min(5, Math.max(1, Math.round(experience + bias + (random.next() - 0.5) * 2)));
  const scores: SurveyScores = {
    attitude: score(0.2),
    expertise: score(0.1),
    proactiveAdvice: score(-0.5),
    testDriveOffered: score(0),
    deliveryPleasant: score(0.1),
    contactedAfterDelivery: score(-0.2),
    afterSalesIntroduced: score(-0.6),
  };
  const expectation = random.int(6, 10);
  const perception = Math.min(
    10,
    Math.max(1, Math.round(expectation + (experience - 4.2) * 2 + random.int(-1, 1))),
  );
  const intent = (): LoyaltyIntent =>
    experience >= 4.6
      ? random.pick(['yes', 'yes', 'maybe'] as const)
      : experience >= 3.8
        ? random.pick(['yes', 'maybe', 'maybe'] as const)
        : random.pick(['maybe', 'no', 'no'] as const);
  return {
    id: makeId(surveyedAt),
    createdAt: iso(surveyedAt),
    updatedAt: iso(surveyedAt),
    customerId,
    deliveryId,
    ...scores,
    expectation,
    perception,
    repurchaseIntent: intent(),
    referralIntent: intent(),
    comment: random.pick(SURVEY_COMMENTS),
    surveyedAt: iso(surveyedAt),
  };
}

function sampleComplaint(
  random: Random,
  customerId: string,
  receivedAt: number,
  now: Date,
  makeId: MakeId,
): SampleComplaint {
  const category = random.pick(CATEGORIES);
  const due = complaintDueDates(new Date(receivedAt));
  const firstContactDue = due.firstContactDueAt.getTime();
  const resultDue = due.resultDueAt.getTime();
  const nowMs = now.getTime();
  // Older complaints are mostly settled; a few are left open past their deadline.
  const resolved = random.chance(resultDue < nowMs ? 0.6 : 0.25);
  const contactedAfter = random.int(2, random.chance(0.85) ? 40 : 120) * HOUR_MS;
  const contacted = resolved || random.chance(firstContactDue < nowMs ? 0.6 : 0.5);
  const firstContactAt = contacted ? Math.min(receivedAt + contactedAfter, nowMs) : null;
  const resolvedAt =
    resolved && firstContactAt !== null
      ? Math.min(firstContactAt + random.int(1, 8) * DAY_MS, nowMs)
      : null;
  const steps = firstContactAt !== null;
  return {
    id: makeId(receivedAt),
    createdAt: iso(receivedAt),
    updatedAt: iso(resolvedAt ?? firstContactAt ?? receivedAt),
    customerId,
    category,
    description: random.pick(DESCRIPTIONS[category]),
    receivedAt: iso(receivedAt),
    firstContactDueAt: iso(firstContactDue),
    resultDueAt: iso(resultDue),
    firstContactAt: firstContactAt === null ? null : iso(firstContactAt),
    stepListen: steps ? '耐心听客户讲完经过，记录了问题细节' : '',
    stepCalm: steps ? '向客户致歉，说明会由专人跟进' : '',
    stepEmpathize: steps ? '理解客户的不便，确认客户的诉求' : '',
    stepAct: resolvedAt !== null ? '联系售后与厂家，约定处理方案和时间' : '',
    resolution: resolvedAt !== null ? random.pick(RESOLUTIONS) : '',
    resolvedAt: resolvedAt === null ? null : iso(resolvedAt),
  };
}

/** A VIN with a valid check digit: the delivery form refuses any other. */
function sampleVin(random: Random, brand: string): string {
  const wmi = WMI_BY_BRAND[brand] ?? 'LSV';
  const chars = () => random.pick(VIN_CHARS);
  const vds = Array.from({ length: 5 }, chars).join('');
  const serial = String(random.int(0, 999_999)).padStart(6, '0');
  const draft = `${wmi}${vds}0${random.pick(['S', 'T'])}${chars()}${serial}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft) ?? '0'}${draft.slice(9)}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}
