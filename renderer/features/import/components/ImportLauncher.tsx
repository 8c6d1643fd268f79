// The way into the import from the customer list: the 导入客户 button, and a file dropped anywhere
// on the window while the list is shown. The wizard opens in a full-width drawer over the list,
// so closing it (or following its link to the imported cards) lands back on the list.

import { ImportOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAppStore } from '../../../state/store';
import { ImportWizard } from './ImportWizard';

type Opening = { key: number; file: File | null };

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** `children` lays out the page and places the 导入客户 button it is given. */
export function ImportLauncher({ children }: { children: (importButton: ReactNode) => ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const setFilter = useAppStore((state) => state.setCustomerFilter);
  const [opening, setOpening] = useState<Opening | null>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Without this the browser opens the dropped file instead of handing it to the page.
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      setOpening((current) => ({ key: (current?.key ?? 0) + 1, file }));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const button = (
    <Button
      icon={<ImportOutlined />}
      onClick={() => setOpening((current) => ({ key: (current?.key ?? 0) + 1, file: null }))}
      data-testid="import-open"
    >
      {t('importWizard.button')}
    </Button>
  );

  return (
    <>
      {children(button)}
      {dragging && opening === null ? (
        <div
          data-testid="import-drop-overlay"
          style={{
            position: 'fixed',
            inset: 0,
            zIndex: 2000,
            background: 'rgba(31, 95, 191, 0.12)',
            border: '3px dashed #1f5fbf',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontSize: 22,
            color: '#1f5fbf',
            pointerEvents: 'none',
          }}
        >
          {t('importWizard.dropHint')}
        </div>
      ) : null}
      <Drawer
        open={opening !== null}
        onClose={() => setOpening(null)}
        title={t('importWizard.title')}
        size="100%"
        destroyOnHidden
        data-testid="import-drawer"
      >
        {opening ? (
          <ImportWizard
            key={opening.key}
            initialFile={opening.file}
            onShowCustomers={(tag) => {
              setFilter({ tags: [tag] });
              setOpening(null);
            }}
            onShowFollowUps={() => {
              setOpening(null);
              void navigate('/follow-ups');
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}
