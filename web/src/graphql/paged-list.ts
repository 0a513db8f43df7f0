import { useCallback, useRef, useState } from 'react';
import type { ApolloCache, ErrorLike, OperationVariables, TypedDocumentNode } from '@apollo/client';
import type { Unmasked } from '@apollo/client/masking';
import { errorMessage } from './errors.ts';

/** Where a cursor-paginated query keeps its list, so one page can be appended and one live item prepended. */
export interface PagedList<TData, TItem> {
  items(data: TData): readonly TItem[];
  /** The same data (its cursor included) holding these items instead. */
  withItems(data: TData, items: TItem[]): TData;
  /** What makes an item the same one in two pages or events. */
  key(item: TItem): string;
}

/** The cursor a page ends at: Relay-style `hasNextPage` and `endCursor`. */
export interface PageCursor {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Each item once (by key), at its first place. */
export function withoutDuplicates<TItem>(items: readonly TItem[], key: (item: TItem) => string): TItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The next page's data (its cursor) holding the items already shown, then the page's own, each once. */
export function appendPage<TData, TItem>(list: PagedList<TData, TItem>, previous: TData, next: TData): TData {
  return list.withItems(next, withoutDuplicates([...list.items(previous), ...list.items(next)], list.key));
}

/** The data with `item` first, or unchanged when it already holds it. */
export function prependItem<TData, TItem>(list: PagedList<TData, TItem>, current: TData, item: TItem): TData {
  const key = list.key(item);
  if (list.items(current).some((known) => list.key(known) === key)) return current;
  return list.withItems(current, [item, ...list.items(current)]);
}

/** The part of `useQuery(...).fetchMore` that loading the next page needs. */
type FetchMore<TData, TVariables> = (options: {
  variables: TVariables & { after: string };
  updateQuery: (previous: Unmasked<TData>, options: { fetchMoreResult: Unmasked<TData> }) => Unmasked<TData>;
}) => Promise<unknown>;

/**
 * `loadMore` asks for the page after `page`'s cursor (with the query's own variables) and appends it to the cached
 * query; nothing when there is no next page. Its failure is `loadMoreError`, cleared by the next try.
 */
export function useLoadMore<TData, TVariables, TItem>({
  page,
  variables,
  fetchMore,
  list,
}: {
  page: PageCursor | undefined;
  variables: TVariables;
  fetchMore: FetchMore<TData, TVariables>;
  list: PagedList<Unmasked<TData>, TItem>;
}): { loadMore: () => void; loadingMore: boolean; loadMoreError: string | null } {
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!page?.hasNextPage || !page.endCursor) return;
    setLoadingMore(true);
    setLoadMoreError(null);
    try {
      await fetchMore({
        variables: { ...variables, after: page.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => appendPage(list, previous, fetchMoreResult),
      });
    } catch (caught) {
      setLoadMoreError(errorMessage(caught as ErrorLike));
    } finally {
      setLoadingMore(false);
    }
  }, [fetchMore, page, variables, list]);

  return { loadMore: useCallback(() => void load(), [load]), loadingMore, loadMoreError };
}

/**
 * A subscription's handler for a live list: `prepend(cache, item)` puts an item that `fits` first in the cached
 * query (with the variables of the latest render), unless the list already holds it. The filter and variables
 * are read when the event comes, not when the subscription started, so it never needs restarting.
 */
export function usePrependLive<TData, TVariables extends OperationVariables, TItem>({
  query,
  variables,
  list,
  fits,
}: {
  query: TypedDocumentNode<TData, TVariables>;
  variables: TVariables;
  list: PagedList<Unmasked<TData>, TItem>;
  fits(item: TItem): boolean;
}): (cache: ApolloCache, item: TItem | null | undefined) => void {
  const latest = useRef({ variables, list, fits });
  latest.current = { variables, list, fits };
  return useCallback(
    (cache: ApolloCache, item: TItem | null | undefined) => {
      const { variables, list, fits } = latest.current;
      if (!item || !fits(item)) return;
      cache.updateQuery({ query, variables }, (current) => (current ? prependItem(list, current, item) : undefined));
    },
    [query],
  );
}
