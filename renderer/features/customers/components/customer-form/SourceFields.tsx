// 来源: where the customer came from; some sources need a detail (who referred them, which event).

import { Card, Col, Row, Select } from 'antd';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_SOURCES } from '../../../../../shared/domain/customer';
import { enumOptions } from '../../../../ui/enum-options';
import { FormField } from '../../../../ui/FormField';
import { TextField, type CustomerFormControl } from './form-inputs';

export function SourceFields({ control }: { control: CustomerFormControl }) {
  const { t } = useTranslation();
  const source = useWatch({ control, name: 'source' });
  return (
    <Card title={t('card.groups.source')} size="small">
      <Row gutter={16}>
        <Col span={8}>
          <FormField
            control={control}
            name="source"
            label={t('card.source')}
            required
            render={(field) => (
              <Select {...field} options={enumOptions(t, 'enum.source', CUSTOMER_SOURCES)} />
            )}
          />
        </Col>
        <Col span={16}>
          <TextField
            control={control}
            name="sourceDetail"
            label={t(`card.sourceDetailHint.${source}`)}
            required={source === 'referral' || source === 'event' || source === 'other'}
          />
        </Col>
      </Row>
    </Card>
  );
}
