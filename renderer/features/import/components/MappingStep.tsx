// Step 2: what each column of the file becomes (the proposal preselected, or the mapping saved
// last time for this header layout), how the file's words for a choice map to the app's values,
// the import's name (the cards' tag) and, for a manager, who gets the cards.

import { Alert, Card, Input, Radio, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CUSTOMER_SOURCES,
  GENDERS,
  PAYMENT_METHODS,
  PURCHASE_PURPOSES,
} from '../../../../shared/domain/customer';
import { INTENT_LEVELS } from '../../../../shared/domain/intent';
import { IMPORT_FIELDS, type ColumnTarget } from '../../../../shared/import/columns';
import { ENUM_FIELDS, type EnumField } from '../../../../shared/import/enum-values';
import { columnLetter } from '../../../../shared/import/grid';
import type { ImportSetup } from '../../../../shared/import/plan';
import type { TeamMember } from '../../../../shared/sync/protocol';
import { enumOptions } from '../../../ui/enum-options';
import type { PreviewLine } from '../import-worker-protocol';

export type OwnerMode = 'importer' | 'column' | 'roundRobin';

export type MappingStepProps = {
  setup: ImportSetup;
  preview: PreviewLine[];
  remembered: boolean;
  importName: string;
  onImportName: (name: string) => void;
  onTarget: (column: number, target: ColumnTarget) => void;
  onEnumValue: (field: EnumField, text: string, value: string | null) => void;
  /** null: a consultant (the cards are always theirs). */
  owners: null | {
    mode: OwnerMode;
    team: TeamMember[];
    roundRobin: string[];
    onMode: (mode: OwnerMode) => void;
    onRoundRobin: (ids: string[]) => void;
    onOwnerName: (name: string, userId: string | null) => void;
  };
  problem: string | null;
};

/** The Select's value for "into the notes" (null is not a Select value). */
const NOTES = '__notes__';

const ENUM_PREFIX: Record<EnumField, [string, readonly string[]]> = {
  gender: ['card.genders', GENDERS],
  source: ['enum.source', CUSTOMER_SOURCES],
  payment: ['enum.payment', PAYMENT_METHODS],
  purpose: ['enum.purpose', PURCHASE_PURPOSES],
  intentLevel: ['enum.intent', INTENT_LEVELS],
};

type ColumnRow = { column: number; header: string; target: ColumnTarget; samples: string };

export function MappingStep(props: MappingStepProps) {
  const { t } = useTranslation();
  const { setup, preview, owners } = props;
  const after = preview.filter((line) => line.line > setup.headerRow);
  const rows: ColumnRow[] = setup.headers.map((header, column) => ({
    column,
    header,
    target: setup.mapping[column] ?? null,
    samples: after
      .map((line) => line.cells[column] ?? '')
      .filter((text) => text !== '')
      .slice(0, 3)
      .join('，'),
  }));
  const targetOptions = [
    ...IMPORT_FIELDS.map((field) => ({ value: field, label: t(`importPlan.field.${field}`) })),
    { value: NOTES, label: t('importPlan.field.unmapped') },
    { value: 'ignore', label: t('importPlan.field.ignore') },
  ];
  const enumFields = ENUM_FIELDS.filter((field) => setup.enumMappings[field] !== undefined);
  const hasOwnerColumn = setup.mapping.includes('owner');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('importWizard.mapping.intro')}
      </Typography.Paragraph>
      {props.remembered ? (
        <Alert type="info" showIcon title={t('importWizard.mapping.remembered')} />
      ) : null}
      {props.problem ? <Alert type="error" showIcon title={props.problem} /> : null}
      <Table<ColumnRow>
        size="small"
        rowKey="column"
        pagination={false}
        dataSource={rows}
        data-testid="import-mapping"
        columns={[
          {
            title: t('importWizard.mapping.column'),
            key: 'header',
            width: 220,
            render: (_, row) => (
              <Space size={6}>
                <Typography.Text type="secondary">{columnLetter(row.column)}</Typography.Text>
                <Typography.Text strong>{row.header}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('importWizard.mapping.target'),
            key: 'target',
            width: 220,
            render: (_, row) => (
              <Select
                aria-label={`${t('importWizard.mapping.target')} ${row.header || columnLetter(row.column)}`}
                value={row.target ?? NOTES}
                onChange={(value: string) =>
                  props.onTarget(row.column, value === NOTES ? null : (value as ColumnTarget))
                }
                options={targetOptions}
                style={{ width: 200 }}
                showSearch
                optionFilterProp="label"
              />
            ),
          },
          { title: t('importWizard.mapping.samples'), dataIndex: 'samples', ellipsis: true },
        ]}
      />
      {enumFields.length > 0 ? (
        <Card size="small" title={t('importWizard.mapping.values')}>
          <Typography.Paragraph type="secondary">
            {t('importWizard.mapping.valuesIntro')}
          </Typography.Paragraph>
          <Space wrap align="start" size={24}>
            {enumFields.map((field) => {
              const [prefix, values] = ENUM_PREFIX[field];
              const options = [
                ...enumOptions(t, prefix, values),
                { value: NOTES, label: t('importWizard.mapping.intoNotes') },
              ];
              return (
                <Table<[string, string | null]>
                  key={field}
                  size="small"
                  pagination={false}
                  rowKey={([text]) => text}
                  dataSource={Object.entries(setup.enumMappings[field] ?? {})}
                  data-testid={`import-enum-${field}`}
                  columns={[
                    {
                      title: `${t(`importPlan.field.${field}`)} · ${t('importWizard.mapping.fileValue')}`,
                      render: (_, [text]) => text,
                    },
                    {
                      title: t('importWizard.mapping.appValue'),
                      render: (_, [text, value]) => (
                        <Select
                          aria-label={`${t(`importPlan.field.${field}`)} ${text}`}
                          value={value ?? NOTES}
                          onChange={(next: string) =>
                            props.onEnumValue(field, text, next === NOTES ? null : next)
                          }
                          options={options}
                          style={{ width: 150 }}
                        />
                      ),
                    },
                  ]}
                />
              );
            })}
          </Space>
        </Card>
      ) : null}
      <Card size="small" title={t('importWizard.mapping.importName')}>
        <Input
          aria-label={t('importWizard.mapping.importName')}
          value={props.importName}
          maxLength={30}
          onChange={(event) => props.onImportName(event.target.value)}
          style={{ maxWidth: 420 }}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          {t('importWizard.mapping.importNameHint')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('importWizard.mapping.owners')}>
        {owners === null ? (
          <Typography.Text>{t('importWizard.mapping.ownerConsultantOnly')}</Typography.Text>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Radio.Group
              aria-label={t('importWizard.mapping.owners')}
              value={owners.mode}
              onChange={(event) => owners.onMode(event.target.value as OwnerMode)}
              options={[
                { value: 'importer', label: t('importWizard.mapping.ownerMine') },
                { value: 'column', label: t('importWizard.mapping.ownerColumn') },
                { value: 'roundRobin', label: t('importWizard.mapping.ownerRoundRobin') },
              ]}
            />
            {owners.mode === 'column' && !hasOwnerColumn ? (
              <Alert type="warning" showIcon title={t('importWizard.mapping.ownerNoColumn')} />
            ) : null}
            {owners.mode === 'column' && hasOwnerColumn ? (
              <Table<[string, string | null]>
                size="small"
                pagination={false}
                rowKey={([name]) => name}
                dataSource={Object.entries(setup.ownerNames)}
                data-testid="import-owner-names"
                columns={[
                  { title: t('importWizard.mapping.ownerName'), render: (_, [name]) => name },
                  {
                    title: t('importWizard.mapping.ownerUser'),
                    render: (_, [name, userId]) => (
                      <Select
                        aria-label={`${t('importWizard.mapping.ownerUser')} ${name}`}
                        value={userId ?? NOTES}
                        status={userId === null ? 'warning' : undefined}
                        onChange={(next: string) =>
                          owners.onOwnerName(name, next === NOTES ? null : next)
                        }
                        options={[
                          ...owners.team
                            .filter((member) => member.active)
                            .map((member) => ({ value: member.id, label: member.name })),
                          { value: NOTES, label: t('importWizard.mapping.ownerUnmatched') },
                        ]}
                        style={{ width: 200 }}
                      />
                    ),
                  },
                ]}
              />
            ) : null}
            {owners.mode === 'roundRobin' ? (
              <Select
                mode="multiple"
                aria-label={t('importWizard.mapping.ownerPick')}
                placeholder={t('importWizard.mapping.ownerPick')}
                value={owners.roundRobin}
                onChange={owners.onRoundRobin}
                style={{ minWidth: 320 }}
                options={owners.team
                  .filter((member) => member.active)
                  .map((member) => ({ value: member.id, label: member.name }))}
              />
            ) : null}
          </Space>
        )}
      </Card>
    </Space>
  );
}
