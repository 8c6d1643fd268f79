// 资格与意向: the three qualification facts (the grade follows from them) and the expected purchase
// date (the intent level follows from it). Both are shown live, never typed.

import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { localDay } from '../../../../../shared/domain/dates';
import {
  INTENT_LEVELS,
  intentLevel,
  type IntentLevel,
  type IntentThresholds,
} from '../../../../../shared/domain/intent';
import { qualificationGrade } from '../../../../../shared/domain/qualification';
import { GradeTag, IntentTag } from '../../../../ui/CustomerBadges';
import { FormField } from '../../../../ui/FormField';
import { FactCheckbox, QUALIFICATION_FACTS } from '../FactCheckbox';
import { DayField, type CustomerFormControl } from './form-inputs';

export function QualificationFields({
  control,
  thresholds,
  onQuickIntent,
}: {
  control: CustomerFormControl;
  thresholds: IntentThresholds;
  onQuickIntent: (level: IntentLevel) => void;
}) {
  const { t } = useTranslation();
  const [hasConfidence, hasNeed, hasPurchasingPower, expected] = useWatch({
    control,
    name: ['hasConfidence', 'hasNeed', 'hasPurchasingPower', 'expectedPurchaseDate'],
  });
  const grade = qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower });
  const level = intentLevel(expected, localDay(new Date()), thresholds);
  return (
    <Card title={t('card.groups.qualification')} size="small">
      <Row gutter={16}>
        <Col span={12}>
          <Typography.Text strong>{t('card.facts')}</Typography.Text>
          {QUALIFICATION_FACTS.map((name) => (
            <FormField
              key={name}
              control={control}
              name={name}
              render={(field) => <FactCheckbox field={field} />}
            />
          ))}
          <Space>
            <Typography.Text>{t('card.grade')}:</Typography.Text>
            <span data-testid="computed-grade">
              <GradeTag grade={grade} />
            </span>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            {t('card.gradeHint')}
          </Typography.Paragraph>
        </Col>
        <Col span={12}>
          <DayField
            control={control}
            name="expectedPurchaseDate"
            label={t('card.expectedPurchaseDate')}
          />
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('card.intentQuick')}:</Typography.Text>
            {INTENT_LEVELS.map((value) => (
              <Button key={value} size="small" onClick={() => onQuickIntent(value)}>
                {t(`enum.intent.${value}`)}
              </Button>
            ))}
          </Space>
          <div>
            <Space>
              <Typography.Text>{t('card.intentLevel')}:</Typography.Text>
              <span data-testid="computed-intent">
                <IntentTag level={level} />
              </span>
            </Space>
          </div>
        </Col>
      </Row>
    </Card>
  );
}
