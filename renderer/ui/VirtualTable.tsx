// A virtualized table for lists of any length: only the rows in view (plus a few) exist in the
// DOM, and only their records are read, through `loadRows`. The customer list and the follow-up
// views both use it, so 100,000 rows scroll like 100 and no list needs a row cap.

import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, type ReactNode } from 'react';

export type VirtualColumn<Row> = {
  key: string;
  title: ReactNode;
  /** A CSS grid track, e.g. '1.2fr' or '120px'. */
  width: string;
  render: (row: Row) => ReactNode;
};

const DEFAULT_ROW_HEIGHT = 44;

const cellStyle = {
  // Without min-width 0 a grid cell grows to its content and pushes into the next column.
  minWidth: 0,
  overflow: 'hidden',
  paddingRight: 8,
} as const;

/** `count` rows; ids past `ids.length` are still loading and show as placeholders. */
export function VirtualTable<Row>({
  label,
  testId,
  ids,
  count,
  columns,
  loadRows,
  onOpen,
  rowHeight = DEFAULT_ROW_HEIGHT,
  height = 'calc(100vh - 300px)',
  rowClassName,
}: {
  label: string;
  testId?: string;
  ids: string[];
  count: number;
  columns: VirtualColumn<Row>[];
  /** Reads the records of the rows on screen, keyed by id; re-run live as they change. */
  loadRows: (ids: string[]) => Promise<Map<string, Row>>;
  /** Called on click or Enter on a row; without it rows are not focusable. */
  onOpen?: (id: string) => void;
  rowHeight?: number;
  height?: string;
  rowClassName?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const visibleIds = items.flatMap((item) => {
    const id = ids[item.index];
    return id ? [id] : [];
  });
  const rows = useLiveQuery(() => loadRows(visibleIds), [visibleIds.join(',')]);
  const template = columns.map((column) => column.width).join(' ');

  return (
    <div
      role="table"
      aria-label={label}
      aria-rowcount={count}
      data-testid={testId}
      style={{ background: '#fff', borderRadius: 8, border: '1px solid #eee' }}
    >
      <div
        role="row"
        style={{
          display: 'grid',
          gridTemplateColumns: template,
          padding: '10px 16px',
          borderBottom: '1px solid #eee',
          fontWeight: 600,
          background: '#fafafa',
        }}
      >
        {columns.map((column) => (
          <div role="columnheader" key={column.key} style={cellStyle}>
            {column.title}
          </div>
        ))}
      </div>
      <div
        ref={scrollRef}
        style={{ height, minHeight: 300, overflow: 'auto' }}
        data-testid={testId ? `${testId}-scroll` : undefined}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const id = ids[item.index];
            const row = id ? rows?.get(id) : undefined;
            const open = onOpen && id ? () => onOpen(id) : undefined;
            return (
              <div
                key={id ?? `loading-${item.index}`}
                role="row"
                tabIndex={open ? 0 : undefined}
                aria-rowindex={item.index + 2}
                onClick={open}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && event.target === event.currentTarget) open?.();
                }}
                className={rowClassName}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: rowHeight,
                  transform: `translateY(${item.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: template,
                  alignItems: 'center',
                  padding: '0 16px',
                  borderBottom: '1px solid #f3f3f3',
                  cursor: open ? 'pointer' : undefined,
                }}
              >
                {row !== undefined ? (
                  columns.map((column) => (
                    <div role="cell" key={column.key} style={cellStyle}>
                      {column.render(row)}
                    </div>
                  ))
                ) : (
                  <div role="cell" style={{ color: '#ccc' }}>
                    …
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
