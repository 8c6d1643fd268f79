// "Notified": while the board is open, a follow-up that becomes escalated (time passes, or sync
// brings a consultant's late follow-up) is announced once. Those escalated when the board opens
// are already on screen, counted and red, so they are not announced. A locked app announces
// nothing (the notice names the customer).

import { App } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamBoardRow } from '../../../db/team-board-queries';
import { isVaultOpen, useLockVault } from '../../lock';

export function useEscalationNotifications(
  escalated: readonly TeamBoardRow[] | undefined,
  hours: number,
  onOpen: (customerId: string) => void,
): void {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const vault = useLockVault();
  const announced = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (escalated === undefined || !isVaultOpen(vault)) return;
    if (announced.current === null) {
      announced.current = new Set(escalated.map((row) => row.followUpId ?? row.customerId));
      return;
    }
    for (const row of escalated) {
      const key = row.followUpId ?? row.customerId;
      if (announced.current.has(key)) continue;
      announced.current.add(key);
      notification.warning({
        key: `escalated-${key}`,
        title: t('teamBoard.notify.title', { name: row.customerName }),
        description: t('teamBoard.notify.body', {
          owner: row.ownerName,
          hours,
          dueAt: dayjs(row.dueAt).format('MM-DD HH:mm'),
        }),
        onClick: () => onOpen(row.customerId),
        duration: 8,
      });
    }
  }, [escalated, hours, notification, onOpen, t, vault]);
}
