import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  customerFormSchema,
  dealershipIdentitySchema,
  dealershipSettingsSchema,
  eventNameSchema,
  followUpCompletionSchema,
  followUpPlanSchema,
  lostRequestSchema,
  phoneInputSchema,
  profileSchema,
  quickCaptureSchema,
  type CustomerFormValues,
  type DealershipSettingsValues,
  type FollowUpCompletionValues,
} from './schemas';
import { addDays, localDay } from './dates';
import { DEFAULT_DEALERSHIP_SETTINGS } from './settings';

const IN_TWO_DAYS = () => new Date(Date.now() + 2 * 86_400_000);
const AN_HOUR_AGO = () => new Date(Date.now() - 3_600_000);

type Issue = { path: string; message: string };

/** Every issue of a failed parse as "path" + message key; [] when the value is valid. */
function issuesOf(schema: z.ZodType, value: unknown): Issue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
}

function validCard(): CustomerFormValues {
  return {
    kind: 'person',
    name: '王伟',
    phones: [{ number: '138 0013 8000' }, { number: '0571-87654321' }],
    wechatId: 'wx_wangwei',
    gender: 'male',
    city: '杭州',
    district: '西湖区',
    company: '',
    birthday: '1985-06-15',
    source: 'walk_in',
    sourceDetail: '',
    brand: '大众',
    model: '帕萨特',
    trim: '330TSI 精英版',
    colour: '珍珠白',
    budgetMin: 18,
    budgetMax: 23,
    payment: 'loan',
    tradeIn: '2015款 卡罗拉',
    competitors: '凯美瑞',
    purpose: 'own_use',
    hasConfidence: true,
    hasNeed: true,
    hasPurchasingPower: true,
    expectedPurchaseDate: '2026-04-01',
    status: 'following',
    contractAmount: null,
    deliveryDate: null,
    warrantyExpiry: null,
    insuranceExpiry: null,
    potentialNeeds: '',
    referralsMade: 0,
    tags: ['置换', '贷款'],
    notes: '客户对动力和油耗比较满意',
  };
}

describe('phoneInputSchema', () => {
  it.each([
    ['', 'validation.phoneRequired'],
    ['  ', 'validation.phoneRequired'],
    ['12345678901', 'validation.phoneInvalidMobile'],
    ['1380013800', 'validation.phoneInvalidMobile'],
    ['138abcd8000', 'validation.phoneNotDigits'],
    ['99999999', 'validation.phoneInvalid'],
  ])('%j → %s', (value, message) => {
    expect(issuesOf(phoneInputSchema, value)).toEqual([{ path: '', message }]);
  });

  it('accepts mobiles and landlines in any typed format, and keeps the value as typed', () => {
    for (const value of [
      '+86 138 0013 8000',
      '0086-13800138000',
      '（010）12345678',
      '0571-87654321',
    ]) {
      expect(phoneInputSchema.parse(value)).toBe(value);
    }
  });
});

describe('customerFormSchema', () => {
  it('accepts a valid full card', () => {
    const card = validCard();
    const result = customerFormSchema.safeParse(card);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(card);
  });

  it('accepts a minimal card with nulls and empty optional text', () => {
    const card: CustomerFormValues = {
      ...validCard(),
      phones: [{ number: '13800138000' }],
      wechatId: '',
      birthday: null,
      budgetMin: null,
      budgetMax: null,
      payment: null,
      purpose: null,
      expectedPurchaseDate: null,
      tags: [],
      notes: '',
    };
    expect(issuesOf(customerFormSchema, card)).toEqual([]);
  });

  it('trims text fields', () => {
    const parsed = customerFormSchema.parse({ ...validCard(), name: '  王伟  ', city: ' 杭州 ' });
    expect(parsed.name).toBe('王伟');
    expect(parsed.city).toBe('杭州');
  });

  it.each(['', '   '])('requires a name (%j)', (name) => {
    expect(issuesOf(customerFormSchema, { ...validCard(), name })).toEqual([
      { path: 'name', message: 'validation.nameRequired' },
    ]);
  });

  it('limits the name to 60 characters', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), name: '王'.repeat(60) })).toEqual([]);
    expect(issuesOf(customerFormSchema, { ...validCard(), name: '王'.repeat(61) })).toEqual([
      { path: 'name', message: 'validation.tooLong?max=60' },
    ]);
  });

  it('refuses a birthday after today (today itself is fine)', () => {
    const today = localDay(new Date());
    expect(issuesOf(customerFormSchema, { ...validCard(), birthday: today })).toEqual([]);
    expect(issuesOf(customerFormSchema, { ...validCard(), birthday: addDays(today, 1) })).toEqual([
      { path: 'birthday', message: 'validation.birthdayInFuture' },
    ]);
  });

  it('reports a bad phone at its index', () => {
    const card = { ...validCard(), phones: [{ number: '13800138000' }, { number: '12345678901' }] };
    expect(issuesOf(customerFormSchema, card)).toEqual([
      { path: 'phones.1.number', message: 'validation.phoneInvalidMobile' },
    ]);
    const letters = { ...validCard(), phones: [{ number: 'abc' }] };
    expect(issuesOf(customerFormSchema, letters)).toEqual([
      { path: 'phones.0.number', message: 'validation.phoneNotDigits' },
    ]);
  });

  it('requires at least one phone and allows at most five', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), phones: [] })).toEqual([
      { path: 'phones', message: 'validation.phoneRequired' },
    ]);
    const five = ['13800138000', '13900139000', '15000150000', '18600186000', '010-12345678'];
    expect(
      issuesOf(customerFormSchema, { ...validCard(), phones: five.map((number) => ({ number })) }),
    ).toEqual([]);
    const six = [...five, '19900199000'];
    expect(
      issuesOf(customerFormSchema, { ...validCard(), phones: six.map((number) => ({ number })) }),
    ).toEqual([{ path: 'phones', message: 'validation.tooManyPhones' }]);
  });

  it.each([
    ['13800138000', '+86 138 0013 8000'],
    ['13800138000', '0086-138-0013-8000'],
    ['+86 13800138000', '86 138 0013 8000'],
    ['138 0013 8000', '138-0013-8000'],
    ['010-12345678', '（010）1234 5678'],
    ['010-12345678', '+86 010-1234-5678'],
    ['0571 87654321', '0086 (0571) 87654321'],
  ])('flags the same number typed twice, %j and %j, on the second entry', (first, second) => {
    const card = { ...validCard(), phones: [{ number: first }, { number: second }] };
    expect(issuesOf(customerFormSchema, card)).toEqual([
      { path: 'phones.1.number', message: 'validation.phoneRepeated' },
    ]);
  });

  it('flags every repetition, not only the first', () => {
    const card = {
      ...validCard(),
      phones: [
        { number: '13800138000' },
        { number: '13900139000' },
        { number: '+8613800138000' },
        { number: '139 0013 9000' },
      ],
    };
    expect(issuesOf(customerFormSchema, card)).toEqual([
      { path: 'phones.2.number', message: 'validation.phoneRepeated' },
      { path: 'phones.3.number', message: 'validation.phoneRepeated' },
    ]);
  });

  it('does not flag different numbers that share digits', () => {
    const card = { ...validCard(), phones: [{ number: '13800138000' }, { number: '13800138001' }] };
    expect(issuesOf(customerFormSchema, card)).toEqual([]);
  });

  it('reports budget min > max on budgetMax; equal bounds are fine', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), budgetMin: 25, budgetMax: 20 })).toEqual([
      { path: 'budgetMax', message: 'validation.budgetRange' },
    ]);
    expect(issuesOf(customerFormSchema, { ...validCard(), budgetMin: 20, budgetMax: 20 })).toEqual(
      [],
    );
    expect(
      issuesOf(customerFormSchema, { ...validCard(), budgetMin: 25, budgetMax: null }),
    ).toEqual([]);
    expect(
      issuesOf(customerFormSchema, { ...validCard(), budgetMin: null, budgetMax: 20 }),
    ).toEqual([]);
  });

  it('rejects negative and absurd budgets', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), budgetMin: -1 })).toEqual([
      { path: 'budgetMin', message: 'validation.notNegative' },
    ]);
    expect(issuesOf(customerFormSchema, { ...validCard(), budgetMax: 100_001 })).toEqual([
      { path: 'budgetMax', message: 'validation.budgetTooLarge' },
    ]);
  });

  it.each(['referral', 'event', 'other'] as const)(
    'requires the detail of a %s source',
    (source) => {
      expect(issuesOf(customerFormSchema, { ...validCard(), source, sourceDetail: '' })).toEqual([
        { path: 'sourceDetail', message: `validation.sourceDetailRequired.${source}` },
      ]);
      // Only whitespace counts as empty: the schema trims before the check.
      expect(issuesOf(customerFormSchema, { ...validCard(), source, sourceDetail: '   ' })).toEqual(
        [{ path: 'sourceDetail', message: `validation.sourceDetailRequired.${source}` }],
      );
      expect(
        issuesOf(customerFormSchema, { ...validCard(), source, sourceDetail: '2026上海车展' }),
      ).toEqual([]);
    },
  );

  it.each(['walk_in', 'phone_in', 'online', 'existing_owner'] as const)(
    'does not require a detail for %s',
    (source) => {
      expect(issuesOf(customerFormSchema, { ...validCard(), source, sourceDetail: '' })).toEqual(
        [],
      );
    },
  );

  it('requires a company name for a company customer', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), kind: 'company', company: '' })).toEqual([
      { path: 'company', message: 'validation.companyRequired' },
    ]);
    expect(issuesOf(customerFormSchema, { ...validCard(), kind: 'company', company: ' ' })).toEqual(
      [{ path: 'company', message: 'validation.companyRequired' }],
    );
    expect(
      issuesOf(customerFormSchema, {
        ...validCard(),
        kind: 'company',
        company: '杭州恒通物流有限公司',
      }),
    ).toEqual([]);
    expect(issuesOf(customerFormSchema, { ...validCard(), kind: 'person', company: '' })).toEqual(
      [],
    );
  });

  it('reports several independent problems at once, each at its own path', () => {
    const card = {
      ...validCard(),
      kind: 'company' as const,
      company: '',
      source: 'referral' as const,
      sourceDetail: '',
      budgetMin: 30,
      budgetMax: 10,
      phones: [{ number: '13800138000' }, { number: '+86 138 0013 8000' }],
    };
    const issues = issuesOf(customerFormSchema, card);
    expect(issues).toHaveLength(4);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'budgetMax', message: 'validation.budgetRange' },
        { path: 'sourceDetail', message: 'validation.sourceDetailRequired.referral' },
        { path: 'company', message: 'validation.companyRequired' },
        { path: 'phones.1.number', message: 'validation.phoneRepeated' },
      ]),
    );
  });

  it('validates dates as YYYY-MM-DD', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), birthday: '1985/06/15' })).toEqual([
      { path: 'birthday', message: 'validation.date' },
    ]);
    expect(
      issuesOf(customerFormSchema, { ...validCard(), expectedPurchaseDate: '2026-4-1' }),
    ).toEqual([{ path: 'expectedPurchaseDate', message: 'validation.date' }]);
  });

  it('validates numbers: contract amount not negative, referrals a non-negative integer', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), contractAmount: -5 })).toEqual([
      { path: 'contractAmount', message: 'validation.notNegative' },
    ]);
    expect(issuesOf(customerFormSchema, { ...validCard(), referralsMade: 1.5 })).toEqual([
      { path: 'referralsMade', message: 'validation.integer' },
    ]);
    expect(issuesOf(customerFormSchema, { ...validCard(), referralsMade: -1 })).toEqual([
      { path: 'referralsMade', message: 'validation.notNegative' },
    ]);
  });

  it('does not accept lost statuses from the form (lost goes through a request)', () => {
    expect(customerFormSchema.safeParse({ ...validCard(), status: 'lost' }).success).toBe(false);
    expect(customerFormSchema.safeParse({ ...validCard(), status: 'lost_requested' }).success).toBe(
      false,
    );
    expect(customerFormSchema.safeParse({ ...validCard(), status: 'ordered' }).success).toBe(true);
  });

  it('limits tags to 20 non-empty ones', () => {
    const tags = Array.from({ length: 21 }, (_, i) => `tag${i}`);
    expect(issuesOf(customerFormSchema, { ...validCard(), tags })).toEqual([
      { path: 'tags', message: 'validation.tooManyTags' },
    ]);
    expect(issuesOf(customerFormSchema, { ...validCard(), tags: tags.slice(0, 20) })).toEqual([]);
    expect(customerFormSchema.safeParse({ ...validCard(), tags: ['  '] }).success).toBe(false);
  });
});

describe('quickCaptureSchema', () => {
  const valid = {
    name: '李娜',
    phone: '+86 139 0013 9000',
    model: '汉EV',
    hasConfidence: true,
    hasNeed: false,
    hasPurchasingPower: true,
    note: '车展现场留资',
  };

  it('accepts a captured lead, with model and note optional', () => {
    expect(issuesOf(quickCaptureSchema, valid)).toEqual([]);
    expect(issuesOf(quickCaptureSchema, { ...valid, model: '', note: '' })).toEqual([]);
  });

  it('requires a name and a valid phone', () => {
    expect(issuesOf(quickCaptureSchema, { ...valid, name: ' ' })).toEqual([
      { path: 'name', message: 'validation.nameRequired' },
    ]);
    expect(issuesOf(quickCaptureSchema, { ...valid, phone: '' })).toEqual([
      { path: 'phone', message: 'validation.phoneRequired' },
    ]);
    expect(issuesOf(quickCaptureSchema, { ...valid, phone: '12012345678' })).toEqual([
      { path: 'phone', message: 'validation.phoneInvalidMobile' },
    ]);
  });

  it('limits the note to 500 characters', () => {
    expect(issuesOf(quickCaptureSchema, { ...valid, note: 'x'.repeat(500) })).toEqual([]);
    expect(issuesOf(quickCaptureSchema, { ...valid, note: 'x'.repeat(501) })).toEqual([
      { path: 'note', message: 'validation.tooLong?max=500' },
    ]);
  });
});

describe('eventNameSchema and profileSchema', () => {
  it('require a non-blank value', () => {
    expect(issuesOf(eventNameSchema, ' ')).toEqual([
      { path: '', message: 'validation.eventRequired' },
    ]);
    expect(eventNameSchema.parse(' 2026上海车展 ')).toBe('2026上海车展');
    expect(issuesOf(profileSchema, { displayName: '' })).toEqual([
      { path: 'displayName', message: 'validation.nameRequired' },
    ]);
  });
});

describe('dealershipIdentitySchema', () => {
  it('needs a name, says the limits, and takes the phone forms a dealership prints', () => {
    const valid = { name: ' 天河大众 ', address: '广州市天河区黄埔大道西 100 号', phone: '' };
    expect(dealershipIdentitySchema.parse(valid).name).toBe('天河大众');
    for (const phone of ['020-38881234', '400-800-1234', '+86 138 0013 8000', '(020) 3888 1234'])
      expect(issuesOf(dealershipIdentitySchema, { ...valid, phone }), phone).toEqual([]);
    expect(issuesOf(dealershipIdentitySchema, { ...valid, name: ' ', phone: '电话12' })).toEqual([
      { path: 'name', message: 'validation.dealershipNameRequired' },
      { path: 'phone', message: 'validation.dealershipPhone' },
    ]);
    expect(issuesOf(dealershipIdentitySchema, { ...valid, name: '店'.repeat(61) })[0]?.path).toBe(
      'name',
    );
  });
});

describe('followUpPlanSchema', () => {
  it('requires a due date, a channel and a purpose', () => {
    expect(
      issuesOf(followUpPlanSchema, { dueAt: new Date(), channel: 'phone', purpose: '邀约试驾' }),
    ).toEqual([]);
    expect(issuesOf(followUpPlanSchema, { dueAt: null, channel: 'fax', purpose: '' })).toEqual([
      { path: 'dueAt', message: 'validation.dueAtRequired' },
      { path: 'channel', message: 'validation.channelRequired' },
      { path: 'purpose', message: 'validation.purposeRequired' },
    ]);
  });

  it('refuses a follow-up planned in the past', () => {
    expect(
      issuesOf(followUpPlanSchema, { dueAt: AN_HOUR_AGO(), channel: 'phone', purpose: '回访' }),
    ).toEqual([{ path: 'dueAt', message: 'validation.dueAtInPast' }]);
  });
});

describe('followUpCompletionSchema', () => {
  function completion(overrides: Partial<FollowUpCompletionValues> = {}): FollowUpCompletionValues {
    return {
      outcome: 'contacted',
      result: '客户周末到店试驾',
      intentLevel: 'H',
      planNext: true,
      next: { dueAt: IN_TWO_DAYS(), channel: 'test_drive', purpose: '试驾' },
      ...overrides,
    };
  }

  it('accepts a completion with a next plan', () => {
    expect(issuesOf(followUpCompletionSchema, completion())).toEqual([]);
  });

  it('refuses a next follow-up planned in the past', () => {
    expect(
      issuesOf(
        followUpCompletionSchema,
        completion({ next: { dueAt: AN_HOUR_AGO(), channel: 'phone', purpose: '回访' } }),
      ),
    ).toEqual([{ path: 'next.dueAt', message: 'validation.dueAtInPast' }]);
  });

  it('requires the next due date and purpose when planning the next follow-up', () => {
    expect(
      issuesOf(
        followUpCompletionSchema,
        completion({ next: { dueAt: null, channel: 'phone', purpose: '' } }),
      ),
    ).toEqual([
      { path: 'next.dueAt', message: 'validation.dueAtRequired' },
      { path: 'next.purpose', message: 'validation.purposeRequired' },
    ]);
    expect(
      issuesOf(
        followUpCompletionSchema,
        completion({ next: { dueAt: new Date(), channel: 'phone', purpose: '  ' } }),
      ),
    ).toEqual([{ path: 'next.purpose', message: 'validation.purposeRequired' }]);
    expect(
      issuesOf(
        followUpCompletionSchema,
        completion({ next: { dueAt: null, channel: 'phone', purpose: '回访' } }),
      ),
    ).toEqual([{ path: 'next.dueAt', message: 'validation.dueAtRequired' }]);
  });

  it('does not require them when no next follow-up is planned', () => {
    expect(
      issuesOf(
        followUpCompletionSchema,
        completion({ planNext: false, next: { dueAt: null, channel: 'phone', purpose: '' } }),
      ),
    ).toEqual([]);
  });

  it('requires an outcome and a result; the intent level may stay unchanged (null)', () => {
    expect(issuesOf(followUpCompletionSchema, completion({ intentLevel: null }))).toEqual([]);
    expect(
      issuesOf(followUpCompletionSchema, { ...completion(), outcome: undefined, result: ' ' }),
    ).toEqual([
      { path: 'outcome', message: 'validation.outcomeRequired' },
      { path: 'result', message: 'validation.resultRequired' },
    ]);
  });
});

describe('dealershipSettingsSchema', () => {
  const settings = (overrides: {
    cadence?: Partial<DealershipSettingsValues['cadence']>;
    intentThresholds?: Partial<DealershipSettingsValues['intentThresholds']>;
    lockAfterMinutes?: number;
    offlineLockDays?: number;
  }) => ({
    cadence: { ...DEFAULT_DEALERSHIP_SETTINGS.cadence, ...overrides.cadence },
    intentThresholds: {
      ...DEFAULT_DEALERSHIP_SETTINGS.intentThresholds,
      ...overrides.intentThresholds,
    },
    escalationHours: DEFAULT_DEALERSHIP_SETTINGS.escalationHours,
    lockAfterMinutes: overrides.lockAfterMinutes ?? DEFAULT_DEALERSHIP_SETTINGS.lockAfterMinutes,
    offlineLockDays: overrides.offlineLockDays ?? DEFAULT_DEALERSHIP_SETTINGS.offlineLockDays,
  });

  it('keeps the app lock times in range, saying the range', () => {
    expect(issuesOf(dealershipSettingsSchema, settings({ lockAfterMinutes: 0 }))).toEqual([
      { path: 'lockAfterMinutes', message: 'lock.settings.minutesRange?min=1&max=240' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ lockAfterMinutes: 241 }))).toEqual([
      { path: 'lockAfterMinutes', message: 'lock.settings.minutesRange?min=1&max=240' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ lockAfterMinutes: 2.5 }))).toEqual([
      { path: 'lockAfterMinutes', message: 'validation.integer' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ offlineLockDays: 366 }))).toEqual([
      { path: 'offlineLockDays', message: 'lock.settings.daysRange?min=1&max=365' },
    ]);
    expect(
      issuesOf(dealershipSettingsSchema, settings({ lockAfterMinutes: 240, offlineLockDays: 1 })),
    ).toEqual([]);
    expect(DEFAULT_DEALERSHIP_SETTINGS.lockAfterMinutes).toBe(10);
    expect(DEFAULT_DEALERSHIP_SETTINGS.offlineLockDays).toBe(30);
  });

  it('accepts the default settings', () => {
    expect(issuesOf(dealershipSettingsSchema, DEFAULT_DEALERSHIP_SETTINGS)).toEqual([]);
  });

  it('requires H < A < B, reporting the second threshold of a pair out of order', () => {
    expect(
      issuesOf(dealershipSettingsSchema, settings({ intentThresholds: { H: 30, A: 30, B: 90 } })),
    ).toEqual([{ path: 'intentThresholds.A', message: 'validation.thresholdOrder' }]);
    expect(
      issuesOf(dealershipSettingsSchema, settings({ intentThresholds: { H: 7, A: 90, B: 60 } })),
    ).toEqual([{ path: 'intentThresholds.B', message: 'validation.thresholdOrder' }]);
    expect(
      issuesOf(dealershipSettingsSchema, settings({ intentThresholds: { H: 90, A: 30, B: 7 } })),
    ).toEqual([
      { path: 'intentThresholds.A', message: 'validation.thresholdOrder' },
      { path: 'intentThresholds.B', message: 'validation.thresholdOrder' },
    ]);
    expect(
      issuesOf(dealershipSettingsSchema, settings({ intentThresholds: { H: 1, A: 2, B: 3 } })),
    ).toEqual([]);
  });

  it('keeps cadence days within 1..365 and whole', () => {
    expect(issuesOf(dealershipSettingsSchema, settings({ cadence: { H: 0 } }))).toEqual([
      { path: 'cadence.H', message: 'validation.atLeastOne' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ cadence: { C: 366 } }))).toEqual([
      { path: 'cadence.C', message: 'validation.atMost365' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ cadence: { O: 2.5 } }))).toEqual([
      { path: 'cadence.O', message: 'validation.integer' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ cadence: { H: 1, C: 365 } }))).toEqual([]);
  });

  it('keeps the first-contact window within 1..168 hours', () => {
    expect(
      issuesOf(dealershipSettingsSchema, settings({ cadence: { firstContactHours: 0 } })),
    ).toEqual([{ path: 'cadence.firstContactHours', message: 'validation.atLeastOne' }]);
    expect(
      issuesOf(dealershipSettingsSchema, settings({ cadence: { firstContactHours: 169 } })),
    ).toEqual([{ path: 'cadence.firstContactHours', message: 'validation.atMost168' }]);
    expect(
      issuesOf(dealershipSettingsSchema, settings({ cadence: { firstContactHours: 168 } })),
    ).toEqual([]);
  });

  it('keeps thresholds within 1..365', () => {
    expect(issuesOf(dealershipSettingsSchema, settings({ intentThresholds: { H: 0 } }))).toEqual([
      { path: 'intentThresholds.H', message: 'validation.atLeastOne' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, settings({ intentThresholds: { B: 400 } }))).toEqual([
      { path: 'intentThresholds.B', message: 'validation.atMost365' },
    ]);
  });

  it('rejects a value that is not a number', () => {
    expect(
      issuesOf(dealershipSettingsSchema, settings({ cadence: { A: '7' as unknown as number } })),
    ).toEqual([{ path: 'cadence.A', message: 'validation.number' }]);
  });
});

describe('lostRequestSchema', () => {
  it('requires a reason of at least two characters; the competitor is optional', () => {
    expect(
      issuesOf(lostRequestSchema, { reason: '已在其他品牌购车', competitorBought: '凯美瑞' }),
    ).toEqual([]);
    expect(issuesOf(lostRequestSchema, { reason: '太贵', competitorBought: '' })).toEqual([]);
    expect(issuesOf(lostRequestSchema, { reason: '贵', competitorBought: '' })).toEqual([
      { path: 'reason', message: 'validation.lostReasonRequired' },
    ]);
    expect(issuesOf(lostRequestSchema, { reason: '  贵  ', competitorBought: '' })).toEqual([
      { path: 'reason', message: 'validation.lostReasonRequired' },
    ]);
    expect(issuesOf(lostRequestSchema, { reason: '', competitorBought: '' })).toEqual([
      { path: 'reason', message: 'validation.lostReasonRequired' },
    ]);
  });

  it('limits the reason to 500 characters', () => {
    expect(issuesOf(lostRequestSchema, { reason: '价'.repeat(501), competitorBought: '' })).toEqual(
      [{ path: 'reason', message: 'validation.tooLong?max=500' }],
    );
  });
});

describe('dealershipSettingsSchema: escalation threshold', () => {
  const withHours = (escalationHours: number) => ({
    ...DEFAULT_DEALERSHIP_SETTINGS,
    escalationHours,
  });

  it('keeps it within 1..720 whole hours', () => {
    expect(issuesOf(dealershipSettingsSchema, withHours(1))).toEqual([]);
    expect(issuesOf(dealershipSettingsSchema, withHours(720))).toEqual([]);
    expect(issuesOf(dealershipSettingsSchema, withHours(0))).toEqual([
      { path: 'escalationHours', message: 'validation.atLeastOne' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, withHours(721))).toEqual([
      { path: 'escalationHours', message: 'validation.atMost720' },
    ]);
    expect(issuesOf(dealershipSettingsSchema, withHours(1.5))).toEqual([
      { path: 'escalationHours', message: 'validation.integer' },
    ]);
  });
});

describe('text the database cannot store', () => {
  it.each(['a\u0000b', '半个表情\ud83d', '\udc00尾'])(
    'is refused where it is typed: %j',
    (notes) => {
      expect(issuesOf(customerFormSchema, { ...validCard(), notes })).toEqual([
        { path: 'notes', message: 'validation.unstorableText' },
      ]);
    },
  );

  it('keeps whole emoji', () => {
    expect(issuesOf(customerFormSchema, { ...validCard(), notes: '喜欢🚗' })).toEqual([]);
  });
});
