import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryState } from '../../../../shared/domain/delivery';

const COLOURS: Record<DeliveryState, string> = {
  scheduled: 'processing',
  completed: 'success',
  cancelled: 'default',
};

export function DeliveryStateTag({ state }: { state: DeliveryState }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[state]}>{t(`deliveries.states.${state}`)}</Tag>;
}
