// Step 3: every line of the file with what importing would do to it, before anything is
// written. Chips filter by action (with counts); an invalid line can be corrected in place (it is
// planned again with the rest) or all invalid lines exported to send back; a line whose customer
// already has a card gets a choice — skip, fill the empty fields, or overwrite chosen ones.

import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { DuplicateChoice, DuplicatePolicy } from '../../../../shared/import/duplicates';
import { UPDATABLE_FIELDS, type UpdatableField } from '../../../../shared/import/imported-customer';
import type { ImportPlan, PlanAction, PlannedRow } from '../../../../shared/import/plan';
import { renderImportMessage } from '../../../../shared/import/reasons';
import { choiceOfLine, isChoosableDuplicate, type ChoiceMode } from '../duplicate-choice';

const ACTIONS = [
  'create',
  'update',
  'duplicate',
  'invalid',
  'skip',
] as const satisfies readonly PlanAction[];

const ACTION_COLOURS: Record<PlanAction, string> = {
  create: 'green',
  update: 'blue',
  duplicate: 'orange',
  invalid: 'red',
  skip: 'default',
};

/** Finds a line's row in the virtual table (its rows are not <tr>s with a key). */
function lineAttributes(line: number): Record<string, string> {
  return { 'data-testid': `import-line-${line}` };
}

export type PreviewStepProps = {
  plan: ImportPlan;
  invalidCells: Record<number, string[]>;
  policy: DuplicatePolicy;
  busy: boolean;
  onPolicy: (policy: DuplicatePolicy) => void;
  onFixLine: (line: number, cells: string[]) => void;
  onExportInvalid: () => void;
};

export function PreviewStep(props: PreviewStepProps) {
  const { t } = useTranslation();
  const { plan, policy } = props;
  const [shown, setShown] = useState<PlanAction | 'all'>('all');
  const [fixing, setFixing] = useState<number | null>(null);
  const render = (message: string) =>
    renderImportMessage(message, (key, params) => t(key, params ?? {}));
  const rows = shown === 'all' ? plan.rows : plan.rows.filter((row) => row.action === shown);
  const overwriteFields =
    policy.default.mode === 'overwrite'
      ? policy.default.fields
      : (['model', 'notes'] satisfies UpdatableField[]);
  const choiceFor = (mode: ChoiceMode): DuplicateChoice =>
    mode === 'overwrite' ? { mode, fields: overwriteFields } : { mode };
  const hasDuplicates = plan.rows.some(isChoosableDuplicate);
  /** An invalid line has no normalized customer: its cells as the file wrote them. */
  const fileText = (line: number, field: 'name' | 'phones') => {
    const column = plan.mapping.indexOf(field);
    return column < 0 ? '' : (props.invalidCells[line]?.[column] ?? '');
  };

  const setLine = (line: number, mode: ChoiceMode) =>
    props.onPolicy({ ...policy, byLine: { ...policy.byLine, [line]: choiceFor(mode) } });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text strong data-testid="import-plan-summary">
        {t('importWizard.preview.summary', {
          lines: plan.rows.length,
          create: plan.counts.create,
          update: plan.counts.update,
        })}
      </Typography.Text>
      {plan.unmatchedOwners.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('importWizard.preview.unmatchedOwners', {
            names: plan.unmatchedOwners.join('、'),
          })}
        />
      ) : null}
      <Space wrap>
        <Tag.CheckableTag
          checked={shown === 'all'}
          onChange={() => setShown('all')}
          data-testid="import-filter-all"
        >
          {t('importWizard.preview.all')} {plan.rows.length}
        </Tag.CheckableTag>
        {ACTIONS.map((action) => (
          <Tag.CheckableTag
            key={action}
            checked={shown === action}
            onChange={() => setShown(action)}
            data-testid={`import-filter-${action}`}
          >
            {t(`importPlan.action.${action}`)} {plan.counts[action]}
          </Tag.CheckableTag>
        ))}
        <Button
          size="small"
          icon={<DownloadOutlined />}
          disabled={plan.counts.invalid === 0}
          onClick={props.onExportInvalid}
          data-testid="import-export-invalid"
        >
          {t('importWizard.preview.exportInvalid')}
        </Button>
      </Space>
      {hasDuplicates ? (
        <Space wrap>
          <Typography.Text>{t('importWizard.preview.duplicates')}</Typography.Text>
          <Select
            aria-label={t('importWizard.preview.duplicates')}
            value={policy.default.mode}
            disabled={props.busy}
            onChange={(mode: ChoiceMode) =>
              props.onPolicy({ default: choiceFor(mode), byLine: {} })
            }
            options={(['skip', 'fill', 'overwrite'] as const).map((mode) => ({
              value: mode,
              label: t(`importWizard.preview.duplicateChoice.${mode}`),
            }))}
            style={{ width: 180 }}
            data-testid="import-duplicate-default"
          />
          {policy.default.mode === 'overwrite' ? (
            <Select
              mode="multiple"
              aria-label={t('importWizard.preview.overwriteFields')}
              placeholder={t('importWizard.preview.overwriteFields')}
              value={policy.default.fields}
              disabled={props.busy}
              onChange={(fields: UpdatableField[]) =>
                props.onPolicy({ default: { mode: 'overwrite', fields }, byLine: policy.byLine })
              }
              options={UPDATABLE_FIELDS.map((field) => ({
                value: field,
                label: t(`importPlan.field.${field}`),
              }))}
              style={{ minWidth: 320 }}
            />
          ) : null}
        </Space>
      ) : null}
      <Table<PlannedRow>
        size="small"
        rowKey="line"
        dataSource={rows}
        pagination={false}
        virtual
        scroll={{ y: 560, x: 1000 }}
        onRow={(row) => lineAttributes(row.line)}
        data-testid="import-preview"
        columns={[
          { title: t('importWizard.preview.line'), dataIndex: 'line', width: 64 },
          {
            title: t('importWizard.preview.action'),
            key: 'action',
            width: 120,
            render: (_, row) => (
              <Tag color={ACTION_COLOURS[row.action]}>{t(`importPlan.action.${row.action}`)}</Tag>
            ),
          },
          {
            title: t('importWizard.preview.name'),
            key: 'name',
            width: 120,
            render: (_, row) => row.customer?.name ?? fileText(row.line, 'name'),
          },
          {
            title: t('importWizard.preview.phones'),
            key: 'phones',
            width: 200,
            render: (_, row) => row.customer?.phones.join(' / ') ?? fileText(row.line, 'phones'),
          },
          {
            title: t('importWizard.preview.reason'),
            key: 'reason',
            render: (_, row) => (row.reason === undefined ? '' : render(row.reason)),
          },
          {
            title: t('importWizard.preview.operation'),
            key: 'operation',
            width: 190,
            render: (_, row) => {
              if (row.action === 'invalid' && props.invalidCells[row.line]) {
                return (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    disabled={props.busy}
                    onClick={() => setFixing(row.line)}
                    aria-label={`${t('importWizard.preview.fix')} ${row.line}`}
                  >
                    {t('importWizard.preview.fix')}
                  </Button>
                );
              }
              if (!isChoosableDuplicate(row)) return null;
              return (
                <Select
                  size="small"
                  aria-label={`${t('importWizard.preview.duplicates')} ${row.line}`}
                  value={choiceOfLine(policy, row.line)}
                  disabled={props.busy}
                  onChange={(mode: ChoiceMode) => setLine(row.line, mode)}
                  options={(['skip', 'fill', 'overwrite'] as const).map((mode) => ({
                    value: mode,
                    label: t(`importWizard.preview.duplicateChoice.${mode}`),
                  }))}
                  style={{ width: 170 }}
                />
              );
            },
          },
        ]}
      />
      {fixing !== null ? (
        <FixLineModal
          line={fixing}
          headers={plan.headers}
          cells={props.invalidCells[fixing] ?? []}
          reason={render(plan.rows.find((row) => row.line === fixing)?.reason ?? '')}
          onCancel={() => setFixing(null)}
          onSave={(cells) => {
            setFixing(null);
            props.onFixLine(fixing, cells);
          }}
        />
      ) : null}
    </Space>
  );
}

function FixLineModal(props: {
  line: number;
  headers: string[];
  cells: string[];
  reason: string;
  onCancel: () => void;
  onSave: (cells: string[]) => void;
}) {
  const { t } = useTranslation();
  const { control, handleSubmit } = useForm<{ cells: string[] }>({
    defaultValues: { cells: props.headers.map((_, column) => props.cells[column] ?? '') },
  });
  return (
    <Modal
      open
      title={t('importWizard.preview.fixTitle', { line: props.line })}
      okText={t('importWizard.preview.fixSave')}
      onCancel={props.onCancel}
      onOk={() => void handleSubmit((values) => props.onSave(values.cells))()}
      data-testid="import-fix-line"
    >
      <Alert type="error" showIcon title={props.reason} style={{ marginBottom: 12 }} />
      <Typography.Paragraph type="secondary">
        {t('importWizard.preview.fixHint')}
      </Typography.Paragraph>
      <Form layout="vertical">
        {props.headers.map((header, column) => (
          <Form.Item key={column} label={header || String(column + 1)} style={{ marginBottom: 8 }}>
            <Controller
              control={control}
              name={`cells.${column}`}
              render={({ field }) => <Input {...field} aria-label={header || String(column + 1)} />}
            />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
