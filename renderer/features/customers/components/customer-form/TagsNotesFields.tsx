// 标签与备注: free tags (typed, split on either comma) and notes.

import { Card, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormField } from '../../../../ui/FormField';
import type { CustomerFormControl } from './form-inputs';

export function TagsNotesFields({ control }: { control: CustomerFormControl }) {
  const { t } = useTranslation();
  return (
    <Card title={t('card.groups.tagsNotes')} size="small">
      <FormField
        control={control}
        name="tags"
        label={t('card.tags')}
        render={(field) => (
          <Select
            {...field}
            mode="tags"
            tokenSeparators={[',', '，']}
            placeholder={t('card.tagsPlaceholder')}
            open={false}
            suffixIcon={null}
          />
        )}
      />
      <FormField
        control={control}
        name="notes"
        label={t('card.notes')}
        render={(field) => <Input.TextArea {...field} autoSize={{ minRows: 3, maxRows: 10 }} />}
      />
    </Card>
  );
}
