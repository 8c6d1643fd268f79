// The customer form with its unsaved input kept in a local draft: reopening the card after a
// crash or a closed window brings back what was typed, with a notice and a way to discard it.

import { Alert, Button } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { discardDraft, readDraft } from '../../../db/drafts-repo';
import { mergeDraft } from '../../../ui/useFormDraft';
import type { CustomerFormValues } from '../../../../shared/domain/schemas';
import { CustomerForm } from './CustomerForm';

type DraftedCustomerFormProps = Omit<ComponentProps<typeof CustomerForm>, 'draftKey'>;

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
    restored: boolean;
  } | null>(null);

  if (draft === undefined) return null;
  let current = frozen;
  if (!current || current.generation !== generation) {
    const values = draft ? mergeDraft(props.initialValues, draft.values) : props.initialValues;
    const restored =
      draft !== null && JSON.stringify(values) !== JSON.stringify(props.initialValues);
    current = { generation, values, restored };
    setFrozen(current);
  }

  const discard = async () => {
    await discardDraft(db, key);
    // Decide the next generation's values here: the live query may still hold the old draft.
    setFrozen({ generation: generation + 1, values: props.initialValues, restored: false });
    setGeneration(generation + 1);
  };

  return (
    <>
      {current.restored ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="draft-restored"
          title={t('card.draftRestored')}
          action={
            <Button size="small" onClick={() => void discard()}>
              {t('card.discardDraft')}
            </Button>
          }
        />
      ) : null}
      <CustomerForm
        key={`${key}:${generation}`}
        {...props}
        initialValues={current.values}
        draftKey={key}
        onSubmit={async (values) => {
          const saved = await props.onSubmit(values);
          if (saved) await discardDraft(db, key);
          return saved;
        }}
      />
    </>
  );
}
