// The customer form with its unsaved input kept in a local draft: reopening the card after a
// crash or a closed window brings back what was typed, with a notice and a way to discard it.
// When the card changes underneath (a sync brought someone else's edit), an untouched form shows
// the new data at once; a form being edited keeps the user's input, says so, and on save writes
// only the fields the user changed (the baseline passed to onSubmit).

import { Alert, Button } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useRef, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { discardDraft, readDraft } from '../../../db/drafts-repo';
import { mergeDraft } from '../../../ui/useFormDraft';
import type { CustomerFormValues } from '../../../../shared/domain/schemas';
import { sameFieldValues } from '../../../../shared/sync/field-value';
import { CustomerForm } from './CustomerForm';

type DraftedCustomerFormProps = Omit<
  ComponentProps<typeof CustomerForm>,
  'draftKey' | 'onSubmit' | 'onEditingChange'
> & {
  /** `baseline`: the card's values when the form was opened (or last refreshed). */
  onSubmit: (values: CustomerFormValues, baseline: CustomerFormValues) => Promise<boolean>;
};

export function customerDraftKey(customerId: string | undefined): string {
  return `customer:${customerId ?? 'new'}`;
}

export function DraftedCustomerForm(props: DraftedCustomerFormProps) {
  const { t } = useTranslation();
  const key = customerDraftKey(props.customerId);
  const [generation, setGeneration] = useState(0);
  // Read once per mount generation: later draft writes must not reset the form being typed in.
  const draft = useLiveQuery(() => readDraft(db, key), [key, generation]);
  const [frozen, setFrozen] = useState<{
    generation: number;
    values: CustomerFormValues;
    /** The card's values this generation started from. */
    baseline: CustomerFormValues;
    restored: boolean;
  } | null>(null);
  const [editing, setEditing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const onEditingChange = useCallback((value: boolean) => setEditing(value), []);
  const latestValues = useRef(props.initialValues);
  latestValues.current = props.initialValues;

  /** A new, untouched form over these values (the next generation). */
  const startOver = (values: CustomerFormValues) => {
    const next = { generation: generation + 1, values, baseline: values, restored: false };
    setFrozen(next);
    setEditing(false);
    setGeneration(generation + 1);
    return next;
  };

  if (draft === undefined) return null;
  let current = frozen;
  if (!current || current.generation !== generation) {
    const values = draft ? mergeDraft(props.initialValues, draft.values) : props.initialValues;
    const restored = draft !== null && !sameFieldValues(values, props.initialValues);
    current = { generation, values, baseline: props.initialValues, restored };
    setFrozen(current);
  }
  const changedUnderneath = !sameFieldValues(props.initialValues, current.baseline);
  const userInput = editing || current.restored;
  if (changedUnderneath && !userInput) {
    // Nothing typed: show the card as it is now.
    current = startOver(props.initialValues);
  }

  const discard = async () => {
    await discardDraft(db, key);
    // Decide the next generation's values here: the live query may still hold the old draft.
    startOver(props.initialValues);
  };
  const baseline = current.baseline;

  return (
    <>
      {changedUnderneath && userInput && !submitting ? (
        <FormNotice
          type="warning"
          testId="card-changed-elsewhere"
          title={t('card.changedElsewhere')}
          description={t('card.changedElsewhereHint')}
          actionLabel={t('card.loadLatest')}
          onAction={() => void discard()}
        />
      ) : current.restored ? (
        <FormNotice
          type="info"
          testId="draft-restored"
          title={t('card.draftRestored')}
          actionLabel={t('card.discardDraft')}
          onAction={() => void discard()}
        />
      ) : null}
      <CustomerForm
        key={`${key}:${generation}`}
        {...props}
        initialValues={current.values}
        draftKey={key}
        onEditingChange={onEditingChange}
        onSubmit={async (values) => {
          setSubmitting(true);
          try {
            const saved = await props.onSubmit(values, baseline);
            if (saved) {
              await discardDraft(db, key);
              // A fresh form over the saved card (a later sync refreshes it if still behind).
              startOver(latestValues.current);
            }
            return saved;
          } finally {
            setSubmitting(false);
          }
        }}
      />
    </>
  );
}

function FormNotice({
  type,
  testId,
  title,
  description,
  actionLabel,
  onAction,
}: {
  type: 'info' | 'warning';
  testId: string;
  title: string;
  description?: string;
  actionLabel: string;
  onAction: () => void;
}) {
  return (
    <Alert
      type={type}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={title}
      description={description}
      action={
        <Button size="small" onClick={onAction}>
          {actionLabel}
        </Button>
      }
    />
  );
}
