import { useEffect, type RefObject } from 'react';

/**
 * Closes an open disclosure (a menu's panel) on a pointer press outside `inside` and on Escape, which also
 * puts the focus back on the button that opened it.
 */
export function useDismiss(open: boolean, close: () => void, button: RefObject<HTMLElement | null>, inside: readonly RefObject<HTMLElement | null>[]) {
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!inside.some((element) => element.current?.contains(target))) close();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      close();
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open, close, button, inside]);
}
