// The customer card form: every field group of the customer card. Grade and intent level are shown
// live as the facts change but never typed. Invalid input is marked next to the field and nothing
// typed is thrown away.

import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Form, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { CustomerStatus } from '../../../../shared/domain/customer-status';
import { localDay } from '../../../../shared/domain/dates';
import { expectedDateForLevel, type IntentThresholds } from '../../../../shared/domain/intent';
import { customerFormSchema, type CustomerFormValues } from '../../../../shared/domain/schemas';
import { useFormDraft } from '../../../ui/useFormDraft';
import { IdentityFields } from './customer-form/IdentityFields';
import {
  InterestFields,
  SourceFields,
  StatusValueFields,
  TagsNotesFields,
} from './customer-form/CardSections';
import { QualificationFields } from './customer-form/QualificationFields';

type CustomerFormProps = {
  initialValues: CustomerFormValues;
  /** Where unsaved input is kept while typing (see useFormDraft). */
  draftKey: string;
  customerId?: string;
  thresholds: IntentThresholds;
  submitLabel: string;
  /** The card's stored status (none for a new card): a lost request leaves the status to the
   * manager, and an owner's status comes only from a completed delivery. */
  storedStatus?: CustomerStatus | null;
  /** Resolves true when the card was saved (errors are reported by the caller). */
  onSubmit: (values: CustomerFormValues) => Promise<boolean>;
  onInvalid?: () => void;
  /** Told whether the user has unsaved edits (or a save is running). */
  onEditingChange?: (editing: boolean) => void;
};

export function CustomerForm({
  initialValues,
  draftKey,
  customerId,
  thresholds,
  submitLabel,
  storedStatus = null,
  onSubmit,
  onInvalid,
  onEditingChange,
}: CustomerFormProps) {
  const [saving, setSaving] = useState(false);
  const {
    control,
    handleSubmit,
    setValue,
    trigger,
    watch,
    reset,
    formState: { isDirty },
  } = useForm<CustomerFormValues>({
    resolver: zodResolver(customerFormSchema),
    defaultValues: initialValues,
    mode: 'onTouched',
  });
  const editing = isDirty || saving;
  useEffect(() => onEditingChange?.(editing), [editing, onEditingChange]);
  useFormDraft(draftKey, watch);

  const submit = handleSubmit(
    async (values) => {
      setSaving(true);
      try {
        // Saved: what is on screen is now the card's data, no longer an edit.
        if (await onSubmit(values)) reset(values);
      } finally {
        setSaving(false);
      }
    },
    () => onInvalid?.(),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Form layout="vertical" component={false}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <IdentityFields control={control} trigger={trigger} customerId={customerId} />
          <SourceFields control={control} />
          <InterestFields control={control} />
          <QualificationFields
            control={control}
            thresholds={thresholds}
            onQuickIntent={(level) =>
              setValue(
                'expectedPurchaseDate',
                expectedDateForLevel(level, localDay(new Date()), thresholds),
                { shouldDirty: true },
              )
            }
          />
          <StatusValueFields control={control} storedStatus={storedStatus} />
          <TagsNotesFields control={control} />
          <Button type="primary" htmlType="submit" loading={saving} size="large">
            {submitLabel}
          </Button>
        </Space>
      </Form>
    </form>
  );
}
