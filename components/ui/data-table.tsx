import type { ReactNode } from "react";

// A plain, dense Horizon-style table with its three non-data states (loading, error, empty) and
// the "Displaying N items" footer. Knows nothing about where rows come from.

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  className?: string;
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
}

export function DataTable<Row>({ label, columns, rows, rowKey, isPending, error, emptyMessage }: DataTableProps<Row>) {
  return (
    <div className="border border-line">
      <table aria-label={label} aria-busy={isPending} className="w-full border-collapse text-left">
        <thead className="bg-neutral-50">
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                className={`border-b border-line px-2.5 py-1.5 text-xs font-semibold text-neutral-700 ${column.className ?? ""}`}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {error && rows === undefined ? (
            <MessageRow span={columns.length} tone="error">
              {`Unable to retrieve ${label.toLowerCase()}: ${error.message}`}
            </MessageRow>
          ) : isPending ? (
            <MessageRow span={columns.length}>Loading…</MessageRow>
          ) : !rows || rows.length === 0 ? (
            <MessageRow span={columns.length}>{emptyMessage}</MessageRow>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} data-row-key={rowKey(row)} className="odd:bg-white even:bg-neutral-50/60 hover:bg-sky-50/60">
                {columns.map((column) => (
                  <td key={column.header} className={`border-b border-neutral-100 px-2.5 py-1.5 align-middle ${column.className ?? ""}`}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div className="border-t border-line bg-neutral-50 px-2.5 py-1 text-xs text-muted">
        {rows ? `Displaying ${rows.length} ${rows.length === 1 ? "item" : "items"}` : "\u00a0"}
      </div>
    </div>
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
