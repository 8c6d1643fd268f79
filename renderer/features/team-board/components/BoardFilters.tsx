// The board's filters: consultants, grade, intent, source, the due-date range; beside them the
// dealership's escalation threshold, which is changed in Settings (it is the same for everyone).

import { Button, DatePicker, Flex, Select, Space, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CUSTOMER_SOURCES, type CustomerSource } from '../../../../shared/domain/customer';
import { INTENT_LEVELS, type IntentLevel } from '../../../../shared/domain/intent';
import {
  QUALIFICATION_GRADES,
  type QualificationGrade,
} from '../../../../shared/domain/qualification';
import type { TeamMember } from '../../../../shared/sync/protocol';
import { enumOptions } from '../../../ui/enum-options';

export type BoardFilterValues = {
  ownerIds: string[];
  grades: QualificationGrade[];
  intents: IntentLevel[];
  sources: CustomerSource[];
  /** Whole local days, both included. */
  days: [Dayjs, Dayjs];
};

export function BoardFilters({
  team,
  values,
  onChange,
  onReset,
  hours,
}: {
  team: readonly TeamMember[];
  values: BoardFilterValues;
  onChange: (values: BoardFilterValues) => void;
  onReset: () => void;
  hours: number;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof BoardFilterValues>(key: K, value: BoardFilterValues[K]) =>
    onChange({ ...values, [key]: value });
  const members = [...team].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));

  return (
    <Flex wrap gap={16} align="flex-end">
      <MultiFilter
        label={t('teamBoard.filters.consultant')}
        testId="filter-consultant"
        width={200}
        value={values.ownerIds}
        onChange={(ownerIds) => set('ownerIds', ownerIds)}
        options={members.map((member) => ({ value: member.id, label: member.name }))}
      />
      <MultiFilter
        label={t('teamBoard.filters.grade')}
        testId="filter-grade"
        value={values.grades}
        onChange={(grades) => set('grades', grades)}
        options={enumOptions(t, 'enum.grade', QUALIFICATION_GRADES)}
      />
      <MultiFilter
        label={t('teamBoard.filters.intent')}
        testId="filter-intent"
        value={values.intents}
        onChange={(intents) => set('intents', intents)}
        options={enumOptions(t, 'enum.intent', INTENT_LEVELS)}
      />
      <MultiFilter
        label={t('teamBoard.filters.source')}
        testId="filter-source"
        value={values.sources}
        onChange={(sources) => set('sources', sources)}
        options={enumOptions(t, 'enum.source', CUSTOMER_SOURCES)}
      />
      <Space orientation="vertical" size={2}>
        <FilterLabel text={t('teamBoard.filters.dueRange')} />
        <DatePicker.RangePicker
          data-testid="filter-due-range"
          allowClear={false}
          value={values.days}
          onChange={(days) => {
            if (days?.[0] && days[1]) set('days', [days[0], days[1]]);
          }}
        />
      </Space>
      <Space orientation="vertical" size={2}>
        <FilterLabel text={t('teamBoard.escalation.label')} />
        <Space size={6} style={{ height: 32 }}>
          <Typography.Text strong data-testid="escalation-hours">
            {hours}
          </Typography.Text>
          <Typography.Text>{t('teamBoard.escalation.unit')}</Typography.Text>
          <Tooltip title={t('teamBoard.escalation.hint')}>
            <InfoCircleOutlined style={{ color: '#999' }} />
          </Tooltip>
          <Link to="/settings">{t('teamBoard.escalation.change')}</Link>
        </Space>
      </Space>
      <Button onClick={onReset}>{t('teamBoard.filters.reset')}</Button>
    </Flex>
  );
}

function FilterLabel({ text }: { text: string }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {text}
    </Typography.Text>
  );
}

/** A labelled multi-select filter; empty means "all". */
function MultiFilter<Value extends string>({
  label,
  testId,
  width = 150,
  value,
  onChange,
  options,
}: {
  label: string;
  testId: string;
  width?: number;
  value: Value[];
  onChange: (value: Value[]) => void;
  options: Array<{ value: Value; label: string }>;
}) {
  return (
    <Space orientation="vertical" size={2}>
      <FilterLabel text={label} />
      <Select<Value[]>
        mode="multiple"
        allowClear
        data-testid={testId}
        aria-label={label}
        placeholder={label}
        style={{ minWidth: width }}
        maxTagCount="responsive"
        optionFilterProp="label"
        value={value}
        onChange={onChange}
        options={options}
      />
    </Space>
  );
}
