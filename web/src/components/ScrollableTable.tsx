import { Table, type TableProps } from '@codegouvfr/react-dsfr/Table';

/**
 * A DSFR table too wide for narrow screens (many figures), in a scrolling box of its own that the keyboard reaches and
 * scrolls: a region named by the table's caption, in the tab order (WCAG 2.1.1; axe's scrollable-region-focusable).
 * The DSFR's own scrolling box is not focusable, which a table holding no link or button needs.
 */
export function ScrollableTable(props: TableProps & { caption: string }) {
  return (
    <div role="region" aria-label={props.caption} tabIndex={0} style={{ overflowX: 'auto' }} className="fr-mb-3w">
      <Table {...props} noScroll className="fr-mb-0" />
    </div>
  );
}
