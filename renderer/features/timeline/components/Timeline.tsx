// The card's timeline: every contact and every change, who and when, old → new; plus notes.

import { Button, Card, Empty, Input, Space, Timeline as AntTimeline, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { addNote, customerTimeline } from '../../../db/timeline-repo';
import { MERGED_CARD_FIELD } from '../../../../shared/domain/duplicate-merge';
import type { FieldChange, TimelineEntry, TimelineKind } from '../../../../shared/domain/timeline';
import { useDisplayValue } from '../../../ui/useDisplayValue';
import { useReportError } from '../../../ui/useReportError';

/** Post-delivery moments stand out: a complaint in red until it is resolved (green). */
const KIND_COLOURS: Partial<Record<TimelineKind, string>> = {
  survey_recorded: 'blue',
  complaint_received: 'red',
  complaint_resolved: 'green',
};

export function Timeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [note, setNote] = useState('');
  const entries = useLiveQuery(() => customerTimeline(db, customerId), [customerId]);

  const saveNote = async () => {
    if (!note.trim()) return;
    try {
      await addNote(ctx, customerId, note.trim());
      setNote('');
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card size="small">
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input
          value={note}
          onChange={(event) => setNote(event.target.value)}
          onPressEnter={() => void saveNote()}
          placeholder={t('timeline.notePlaceholder')}
          aria-label={t('timeline.addNote')}
          maxLength={4000}
        />
        <Button type="primary" onClick={() => void saveNote()} disabled={!note.trim()}>
          {t('timeline.addNote')}
        </Button>
      </Space.Compact>
      {entries === undefined ? null : entries.length === 0 ? (
        <Empty description={t('timeline.empty')} />
      ) : (
        <AntTimeline
          data-testid="timeline"
          items={entries.map((entry) => ({
            key: entry.id,
            color: KIND_COLOURS[entry.kind],
            content: <TimelineItem entry={entry} />,
          }))}
        />
      )}
    </Card>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const display = useDisplayValue();
  if (entry.kind === 'merged') return <MergedItem entry={entry} />;
  return (
    <div>
      <Typography.Text strong>{t(`timeline.kinds.${entry.kind}`)}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {entry.actorName} · {dayjs(entry.at).format('YYYY-MM-DD HH:mm')}
      </Typography.Text>
      {entry.changes.length > 0 ? (
        <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
          {entry.changes.map((change: FieldChange) => (
            <li key={change.field}>
              {change.from === ''
                ? t('timeline.set', {
                    field: t(`field.${change.field}`, { defaultValue: change.field }),
                    value: display(change.field, change.to),
                  })
                : t('timeline.change', {
                    field: t(`field.${change.field}`, { defaultValue: change.field }),
                    from: display(change.field, change.from) || t('timeline.emptyValue'),
                    to: display(change.field, change.to) || t('timeline.emptyValue'),
                  })}
            </li>
          ))}
        </ul>
      ) : null}
      {entry.noteCode ? (
        <Typography.Paragraph style={{ margin: 0 }} data-testid="timeline-note">
          {t(`timeline.notes.${entry.noteCode}`, { ...entry.noteParams })}
        </Typography.Paragraph>
      ) : entry.text ? (
        // Older rows: a person's words, a system purpose code, or a sentence written in one language.
        <Typography.Paragraph style={{ margin: 0 }}>
          {display('followUpPurpose', entry.text)}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

/** Lists that a merge joins: shown as their joined value. */
const JOINED_FIELDS = new Set(['phones', 'tags']);

/**
 * A merge (shared/domain/merge.ts): which card came in and whose it was, then each value of that
 * card — taken (filled in), joined (phones, tags) or kept out (the survivor's value stayed).
 */
function MergedItem({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const display = useDisplayValue();
  const card = entry.changes.find((change) => change.field === MERGED_CARD_FIELD);
  const owner = entry.changes.find((change) => change.field === 'ownerId');
  const fields = entry.changes.filter(
    (change) => change.field !== MERGED_CARD_FIELD && change.field !== 'ownerId',
  );
  const fieldName = (field: string) => t(`field.${field}`, { defaultValue: field });
  return (
    <div data-testid="timeline-merged">
      <Typography.Text strong>{t('timeline.kinds.merged')}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {entry.actorName} · {dayjs(entry.at).format('YYYY-MM-DD HH:mm')}
      </Typography.Text>
      <Typography.Paragraph style={{ margin: 0 }}>
        {t('timeline.mergedCard', { name: card?.to ?? '', owner: owner?.from ?? '' })}
      </Typography.Paragraph>
      {fields.length > 0 ? (
        <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
          {fields.map((change) => (
            <li key={change.field}>
              {JOINED_FIELDS.has(change.field)
                ? t('timeline.mergedJoined', {
                    field: fieldName(change.field),
                    value: display(change.field, change.to),
                  })
                : change.from === change.to
                  ? t('timeline.mergedTaken', {
                      field: fieldName(change.field),
                      value: display(change.field, change.to),
                    })
                  : t('timeline.mergedKept', {
                      field: fieldName(change.field),
                      from: display(change.field, change.from),
                      to: display(change.field, change.to) || t('timeline.emptyValue'),
                    })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
