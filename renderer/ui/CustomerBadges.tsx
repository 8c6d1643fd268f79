// Small tags for the card's grade, intent level and pipeline status.

import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerStatus } from '../../shared/domain/customer-status';
import type { IntentLevel } from '../../shared/domain/intent';
import type { QualificationGrade } from '../../shared/domain/qualification';

const GRADE_COLOURS: Record<QualificationGrade, string> = {
  A: 'green',
  B: 'blue',
  C: 'gold',
  N: 'default',
};
const INTENT_COLOURS: Record<IntentLevel, string> = {
  H: 'red',
  A: 'volcano',
  B: 'orange',
  C: 'default',
};
const STATUS_COLOURS: Record<CustomerStatus, string> = {
  new: 'cyan',
  following: 'blue',
  ordered: 'purple',
  delivered: 'green',
  lost_requested: 'magenta',
  lost: 'default',
};

export function GradeTag({ grade }: { grade: QualificationGrade }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('card.gradeHint')}>
      <Tag color={GRADE_COLOURS[grade]} data-testid="grade-tag">
        {t(`enum.grade.${grade}`)}
      </Tag>
    </Tooltip>
  );
}

export function IntentTag({ level }: { level: IntentLevel | null }) {
  const { t } = useTranslation();
  if (!level)
    return (
      <Tag data-testid="intent-tag">
        {t('card.intentLevel')}: {t('common.unknown')}
      </Tag>
    );
  return (
    <Tag color={INTENT_COLOURS[level]} data-testid="intent-tag">
      {t(`enum.intent.${level}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="status-tag">
      {t(`enum.status.${status}`)}
    </Tag>
  );
}
