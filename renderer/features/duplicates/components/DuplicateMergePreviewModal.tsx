// The merge as it will happen (previewDuplicateMerge runs the server's own rules): the card kept,
// its owner, the joined phones and tags, what is filled in, what is not taken (it goes to the
// timeline), the rows that move over, and who loses the customer. Confirm sends the command.

import { Alert, Descriptions, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../../shared/domain/phone';
import type { FieldChange } from '../../../../shared/domain/timeline';
import type { TeamMember } from '../../../../shared/sync/protocol';
import { useDisplayValue } from '../../../ui/useDisplayValue';
import type { ClaimCardDetails, DuplicateMergePreview } from '../duplicate-claims';

export function DuplicateMergePreviewModal({
  preview,
  team,
  details,
  onCancel,
  onConfirm,
}: {
  preview: DuplicateMergePreview;
  team: readonly TeamMember[];
  details: Map<string, ClaimCardDetails> | undefined;
  onCancel: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const display = useDisplayValue();
  const [busy, setBusy] = useState(false);
  const nameOf = (id: string) => team.find((member) => member.id === id)?.name ?? id;
  const moved = preview.merged.reduce(
    (sum, card) => ({
      followUps: sum.followUps + (details?.get(card.id)?.followUps ?? 0),
      timeline: sum.timeline + (details?.get(card.id)?.timeline ?? 0),
    }),
    { followUps: 0, timeline: 0 },
  );
  const fieldName = (field: string) => t(`field.${field}`, { defaultValue: field });
  const changeList = (changes: FieldChange[], kept: boolean) =>
    changes.length === 0 ? (
      <Typography.Text type="secondary">{t('duplicates.none')}</Typography.Text>
    ) : (
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {changes.map((change, index) => (
          <li key={`${change.field}-${index}`}>
            {kept
              ? t('timeline.mergedKept', {
                  field: fieldName(change.field),
                  from: display(change.field, change.from),
                  to: display(change.field, change.to) || t('timeline.emptyValue'),
                })
              : t('timeline.mergedTaken', {
                  field: fieldName(change.field),
                  value: display(change.field, change.to),
                })}
          </li>
        ))}
      </ul>
    );

  const handleOk = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={680}
      title={t('duplicates.previewTitle', { name: preview.survivor.name })}
      okText={t('duplicates.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void handleOk()}
      onCancel={onCancel}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="merge-preview">
        <Typography.Text>
          {t('duplicates.previewIntro', {
            count: preview.merged.length + 1,
            owner: nameOf(preview.ownerId),
          })}
        </Typography.Text>
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { width: 190 } }}
          items={[
            {
              key: 'name',
              label: t('duplicates.resultName'),
              children: <span data-testid="merge-preview-name">{preview.result.name}</span>,
            },
            {
              key: 'owner',
              label: t('duplicates.owner'),
              children: <span data-testid="merge-preview-owner">{nameOf(preview.ownerId)}</span>,
            },
            {
              key: 'phones',
              label: t('duplicates.resultPhones'),
              children: (
                <Space size={[4, 4]} wrap data-testid="merge-preview-phones">
                  {preview.result.phones.map((phone) => (
                    <Tag key={phone}>{formatPhone(phone)}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              key: 'tags',
              label: t('duplicates.resultTags'),
              children:
                preview.result.tags.length > 0 ? (
                  <Space size={[4, 4]} wrap>
                    {preview.result.tags.map((tag) => (
                      <Tag key={tag}>{tag}</Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('duplicates.none')}</Typography.Text>
                ),
            },
            {
              key: 'notes',
              label: t('duplicates.notes'),
              children:
                preview.notesAppended > 0
                  ? t('duplicates.notesAppended', { count: preview.notesAppended })
                  : t('duplicates.notesUnchanged'),
            },
            {
              key: 'filled',
              label: t('duplicates.filled'),
              children: changeList(preview.filled, false),
            },
            {
              key: 'notTaken',
              label: t('duplicates.notTaken'),
              children: changeList(preview.notTaken, true),
            },
            {
              key: 'merged',
              label: t('duplicates.merged'),
              children: (
                <span data-testid="merge-preview-merged">
                  {preview.merged
                    .map((card) => `${card.name}（${nameOf(card.ownerId)}）`)
                    .join('、')}
                  <br />
                  <Typography.Text type="secondary">
                    {t('duplicates.rowsMoved', moved)}
                  </Typography.Text>
                </span>
              ),
            },
          ]}
        />
        {preview.losingOwnerIds.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="merge-preview-losing"
            title={t('duplicates.losesAccess', {
              names: preview.losingOwnerIds.map(nameOf).join('、'),
            })}
          />
        ) : null}
      </Space>
    </Modal>
  );
}
