import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Within this many pixels of the bottom counts as "following" the end. */
const followSlackPx = 24;

/**
 * A scrolling box (a log, a terminal) that follows its end while the reader is there: each change of `content`
 * scrolls it to the bottom, unless they scrolled up, in which case it stays put and `behind` says there is newer
 * content below until they scroll back down or `jumpToNewest`. Put `box` and `onScroll` on the scrolling element.
 */
export function useFollowScroll<TElement extends HTMLElement>(
  content: unknown,
): { box: RefObject<TElement | null>; onScroll: () => void; behind: boolean; jumpToNewest: () => void } {
  const box = useRef<TElement>(null);
  const following = useRef(true);
  const [behind, setBehind] = useState(false);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    if (following.current) element.scrollTop = element.scrollHeight;
    else setBehind(true);
  }, [content]);

  const onScroll = () => {
    const element = box.current;
    if (!element) return;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight <= followSlackPx;
    if (following.current) setBehind(false);
  };

  const jumpToNewest = () => {
    const element = box.current;
    if (!element) return;
    following.current = true;
    setBehind(false);
    element.scrollTop = element.scrollHeight;
  };

  return { box, onScroll, behind, jumpToNewest };
}
