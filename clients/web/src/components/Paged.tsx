import { useOnVisible } from '../lib/hooks';

/** The end of a paged list: loads the next page when it scrolls into view, or on its button. */
export function LoadMore({
  hasNextPage,
  fetching,
  onLoadMore,
}: {
  hasNextPage: boolean;
  fetching: boolean;
  onLoadMore: () => void;
}) {
  const ref = useOnVisible<HTMLDivElement>(() => {
    if (!fetching) onLoadMore();
  }, hasNextPage);
  if (!hasNextPage) return null;
  return (
    <div ref={ref} className="load-more">
      <button type="button" className="secondary" onClick={onLoadMore} disabled={fetching}>
        {fetching ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
