import { Breadcrumbs, type Crumb } from "./breadcrumbs";

/** Breadcrumbs, then the panel's title: the top of every content page. */
export function PageHeader({ title, trail }: { title: string; trail: Crumb[] }) {
  return (
    <div className="mb-4 border-b border-line pb-3">
      <Breadcrumbs trail={trail} />
      <h1 className="mt-1">{title}</h1>
    </div>
  );
}
