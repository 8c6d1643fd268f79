import { describe, expect, it } from 'vitest';
import {
  complaintFormSchema,
  complaintHandlingSchema,
  EMPTY_SURVEY_FORM,
  surveyFormSchema,
  type SurveyFormInput,
} from './post-delivery-schemas';
import { SURVEY_INDICATORS } from './survey';

function messagesByPath(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return Object.fromEntries(
    (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
  );
}

const COMPLETE_SURVEY: SurveyFormInput = {
  attitude: 5,
  expertise: 4,
  proactiveAdvice: 3,
  testDriveOffered: 5,
  deliveryPleasant: 4,
  contactedAfterDelivery: 5,
  afterSalesIntroduced: 2,
  expectation: 9,
  perception: 8,
  repurchaseIntent: 'yes',
  referralIntent: 'maybe',
  comment: '  交车很顺利  ',
};

describe('surveyFormSchema', () => {
  it('accepts a complete survey and trims the comment', () => {
    const parsed = surveyFormSchema.parse(COMPLETE_SURVEY);
    expect(parsed).toEqual({ ...COMPLETE_SURVEY, comment: '交车很顺利' });
  });

  it('refuses an empty form with a message on every indicator, scale and intent', () => {
    const messages = messagesByPath(surveyFormSchema.safeParse(EMPTY_SURVEY_FORM));
    for (const indicator of SURVEY_INDICATORS) {
      expect(messages[indicator]).toBe('validation.indicatorRequired');
    }
    expect(messages.expectation).toBe('validation.expectationRequired');
    expect(messages.perception).toBe('validation.perceptionRequired');
    expect(messages.repurchaseIntent).toBe('validation.repurchaseIntentRequired');
    expect(messages.referralIntent).toBe('validation.referralIntentRequired');
    expect(messages.comment).toBeUndefined();
  });

  it('names the one indicator left unrated', () => {
    const messages = messagesByPath(
      surveyFormSchema.safeParse({ ...COMPLETE_SURVEY, afterSalesIntroduced: null }),
    );
    expect(messages).toEqual({ afterSalesIntroduced: 'validation.indicatorRequired' });
  });

  it('refuses scores outside their scale', () => {
    const messages = messagesByPath(
      surveyFormSchema.safeParse({
        ...COMPLETE_SURVEY,
        attitude: 6,
        expectation: 0,
        perception: 11,
      }),
    );
    expect(messages).toEqual({
      attitude: 'validation.indicatorRequired',
      expectation: 'validation.expectationRequired',
      perception: 'validation.perceptionRequired',
    });
    expect(surveyFormSchema.safeParse({ ...COMPLETE_SURVEY, expertise: 2.5 }).success).toBe(false);
  });
});

describe('complaintFormSchema', () => {
  it('needs a category, a description and when it was received', () => {
    const messages = messagesByPath(
      complaintFormSchema.safeParse({ category: null, description: '   ', receivedAt: null }),
    );
    expect(messages).toEqual({
      category: 'validation.complaintCategoryRequired',
      description: 'validation.complaintDescriptionRequired',
      receivedAt: 'validation.receivedAtRequired',
    });
  });

  it('refuses a complaint received in the future', () => {
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const messages = messagesByPath(
      complaintFormSchema.safeParse({
        category: 'service',
        description: '交车时间一再推迟',
        receivedAt: tomorrow,
      }),
    );
    expect(messages).toEqual({ receivedAt: 'validation.receivedAtInFuture' });
  });

  it('accepts one received earlier', () => {
    const receivedAt = new Date(Date.now() - 2 * 24 * 3_600_000);
    expect(
      complaintFormSchema.parse({ category: 'price', description: ' 加价提车 ', receivedAt }),
    ).toEqual({ category: 'price', description: '加价提车', receivedAt });
  });
});

describe('complaintHandlingSchema', () => {
  const steps = {
    stepListen: '客户反映异响',
    stepCalm: '',
    stepEmpathize: '',
    stepAct: '',
    resolution: '',
  };

  it('saves handling steps without a resolution', () => {
    expect(complaintHandlingSchema.safeParse({ ...steps, resolve: false }).success).toBe(true);
  });

  it('needs a resolution to close the complaint', () => {
    expect(messagesByPath(complaintHandlingSchema.safeParse({ ...steps, resolve: true }))).toEqual({
      resolution: 'validation.resolutionRequired',
    });
    expect(
      messagesByPath(
        complaintHandlingSchema.safeParse({ ...steps, resolution: '  ', resolve: true }),
      ),
    ).toEqual({ resolution: 'validation.resolutionRequired' });
    expect(
      complaintHandlingSchema.safeParse({ ...steps, resolution: '更换减震器', resolve: true })
        .success,
    ).toBe(true);
  });
});
