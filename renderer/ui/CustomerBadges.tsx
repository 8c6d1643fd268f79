// Small tags for the card's grade, intent level and pipeline status.

import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerStatus } from '../../shared/domain/customer-status';
import type { IntentLevel } from '../../shared/domain/intent';
import type { QualificationGrade } from '../../shared/domain/qualification';

/**
 * A tag never grows past its cell: in a narrow column (English labels are long) it shortens with
 * an ellipsis and shows the whole label on hover, instead of running into the next column.
 */
const FIT_CELL = {
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  verticalAlign: 'middle',
} as const;

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
      <Tag color={GRADE_COLOURS[grade]} data-testid="grade-tag" style={FIT_CELL}>
        {t(`enum.grade.${grade}`)}
      </Tag>
    </Tooltip>
  );
}

export function IntentTag({ level }: { level: IntentLevel | null }) {
  const { t } = useTranslation();
  if (!level)
    return (
      <Tag
        data-testid="intent-tag"
        style={FIT_CELL}
        title={`${t('card.intentLevel')}: ${t('common.unknown')}`}
      >
        {t('card.intentLevel')}: {t('common.unknown')}
      </Tag>
    );
  return (
    <Tag
      color={INTENT_COLOURS[level]}
      data-testid="intent-tag"
      style={FIT_CELL}
      title={t(`enum.intent.${level}`)}
    >
      {t(`enum.intent.${level}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_COLOURS[status]}
      data-testid="status-tag"
      style={FIT_CELL}
      title={t(`enum.status.${status}`)}
    >
      {t(`enum.status.${status}`)}
    </Tag>
  );
}

/**
 * A customer's status, grade and intent side by side, wrapping onto a second line inside their
 * cell when the column is narrow (never over the next column).
 */
export function CustomerStateTags({
  status,
  grade,
  intent,
}: {
  status: CustomerStatus;
  grade?: QualificationGrade;
  intent: IntentLevel | null;
}) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 2 }} data-testid="customer-tags">
      <StatusTag status={status} />
      {grade ? <GradeTag grade={grade} /> : null}
      <IntentTag level={intent} />
    </div>
  );
}
