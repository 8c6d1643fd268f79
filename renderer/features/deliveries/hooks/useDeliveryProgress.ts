import { useLiveQuery } from 'dexie-react-hooks';
import { checklistProgress, type ChecklistProgress } from '../../../../shared/domain/delivery';
import { db } from '../../../db/db';
import { deliveryItems } from '../../../db/deliveries-repo';

/** The checklist's progress; undefined while loading. */
export function useDeliveryProgress(deliveryId: string): ChecklistProgress | undefined {
  return useLiveQuery(
    async () => checklistProgress(await deliveryItems({ db }, deliveryId)),
    [deliveryId],
  );
}
