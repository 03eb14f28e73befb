import type { ReactNode } from "react";

// A plain, dense Horizon-style table with its three non-data states (loading, error, empty) and
// the "Displaying N items" footer. Knows nothing about where rows come from. With `selection`,
// a first column of checkboxes (and "select all" in the header) feeds batch actions. With `sort`,
// headers of columns that have a sort key become buttons; with `pager`, the footer gets Horizon's
// "« Prev" and "Next »" (the owner fetches the pages: sorting and paging happen on the server).

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  className?: string;
  /** What a click on the header sorts by (the owner decides what that means). */
  sortKey?: string;
}

export interface TableSort {
  key: string;
  dir: "asc" | "desc";
  onSort: (key: string) => void;
}

export interface TablePager {
  /** Absent on the first page. */
  onPrevious?: () => void;
  /** Absent on the last page. */
  onNext?: () => void;
}

export interface RowSelection<Row> {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  /** Names a row for its checkbox's label: "Select web-lb". */
  rowLabel: (row: Row) => string;
}

interface DataTableProps<Row> {
  /** Names the table for assistive technology and tests, e.g. "Load Balancers". */
  label: string;
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  isPending: boolean;
  error: { message: string } | null;
  /** Says what is missing, e.g. "No load balancers yet". */
  emptyMessage: string;
  selection?: RowSelection<Row>;
  sort?: TableSort;
  pager?: TablePager;
  /** The rows shown are the previous ones while the asked-for ones load (another page, sort or search). */
  isStale?: boolean;
}

export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  isPending,
  error,
  emptyMessage,
  selection,
  sort,
  pager,
  isStale = false,
}: DataTableProps<Row>) {
  const span = columns.length + (selection ? 1 : 0);
  const keys = rows?.map(rowKey) ?? [];
  const allSelected = Boolean(selection) && keys.length > 0 && keys.every((k) => selection?.selected.has(k));
  return (
    <div className="border border-line">
      <table aria-label={label} aria-busy={isPending || isStale} className={`w-full border-collapse text-left ${isStale ? "opacity-70" : ""}`}>
        <thead className="bg-neutral-50">
          <tr>
            {selection && (
              <th scope="col" className="w-8 border-b border-line px-2 py-1.5">
                <input
                  type="checkbox"
                  aria-label={`Select all ${label.toLowerCase()}`}
                  className="size-3.5 align-middle"
                  checked={allSelected}
                  disabled={keys.length === 0}
                  onChange={(e) => selection.onChange(e.target.checked ? new Set(keys) : new Set())}
                />
              </th>
            )}
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                aria-sort={sort && column.sortKey === sort.key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                className={`border-b border-line px-2 py-1.5 text-[11px] font-semibold text-neutral-700 xl:text-xs ${column.className ?? ""}`}
              >
                {sort && column.sortKey ? <SortButton column={column.header} sortKey={column.sortKey} sort={sort} /> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {error && rows === undefined ? (
            <MessageRow span={span} tone="error">
              {`Unable to retrieve ${label.toLowerCase()}: ${error.message}`}
            </MessageRow>
          ) : isPending ? (
            <MessageRow span={span}>Loading…</MessageRow>
          ) : !rows || rows.length === 0 ? (
            <MessageRow span={span}>{emptyMessage}</MessageRow>
          ) : (
            rows.map((row) => {
              const key = rowKey(row);
              const checked = selection?.selected.has(key) ?? false;
              return (
                <tr
                  key={key}
                  data-row-key={key}
                  aria-selected={selection ? checked : undefined}
                  className="odd:bg-white even:bg-neutral-50/60 hover:bg-sky-50/60 aria-selected:bg-sky-50"
                >
                  {selection && (
                    <td className="border-b border-neutral-100 px-2 py-1.5 align-middle">
                      <input
                        type="checkbox"
                        aria-label={`Select ${selection.rowLabel(row)}`}
                        className="size-3.5 align-middle"
                        checked={checked}
                        onChange={(e) => {
                          const next = new Set(selection.selected);
                          if (e.target.checked) next.add(key);
                          else next.delete(key);
                          selection.onChange(next);
                        }}
                      />
                    </td>
                  )}
                  {columns.map((column) => (
                    <td key={column.header} className={`border-b border-neutral-100 px-2 py-1.5 align-middle ${column.className ?? ""}`}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
      <div className="flex items-center justify-between gap-3 border-t border-line bg-neutral-50 px-2.5 py-1 text-xs text-muted">
        <span data-testid="item-count">{rows ? `Displaying ${rows.length} ${rows.length === 1 ? "item" : "items"}` : "\u00a0"}</span>
        {pager && (pager.onPrevious || pager.onNext) && (
          <nav aria-label={`${label} pages`} className="flex gap-3">
            <PageLink label="« Prev" onClick={pager.onPrevious} />
            <PageLink label="Next »" onClick={pager.onNext} />
          </nav>
        )}
      </div>
    </div>
  );
}

function SortButton({ column, sortKey, sort }: { column: string; sortKey: string; sort: TableSort }) {
  const active = sort.key === sortKey;
  return (
    <button type="button" onClick={() => sort.onSort(sortKey)} className="inline-flex items-center gap-1 font-semibold hover:text-sky-700">
      {column}
      {/* Columns not sorted by show no arrow below 1280 px: the room goes to the data. */}
      <span aria-hidden="true" className={active ? "text-sky-700" : "hidden text-neutral-300 xl:inline"}>
        {active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}
      </span>
    </button>
  );
}

function PageLink({ label, onClick }: { label: string; onClick: (() => void) | undefined }) {
  return (
    <button type="button" disabled={!onClick} onClick={onClick} className="text-sky-700 hover:underline disabled:cursor-default disabled:text-neutral-400 disabled:no-underline">
      {label}
    </button>
  );
}

function MessageRow({ span, tone, children }: { span: number; tone?: "error"; children: ReactNode }) {
  return (
    <tr>
      <td
        colSpan={span}
        role={tone === "error" ? "alert" : undefined}
        className={`px-2.5 py-4 text-center ${tone === "error" ? "text-red-700" : "text-muted"}`}
      >
        {children}
      </td>
    </tr>
  );
}
