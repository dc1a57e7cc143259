import { useEffect, useRef } from "react";
import { useLocation } from "react-router";

const WAIT_MS = 3000;

/** Focus `el` (made focusable by script, not by Tab) without scrolling the page sideways. */
export function focusQuietly(el: HTMLElement): void {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: false });
}

/**
 * After a move to another page (not on the first load), focus goes to the new page's main heading,
 * so a screen reader says where the user is and Tab starts from the page, not the old link. Pages
 * that load lazily are waited for, up to 3 s.
 */
export function useFocusOnNavigate(mainId = "main"): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const until = Date.now() + WAIT_MS;
    // Where the focus was when the move began (the link pressed); once the user puts it anywhere
    // else, it is theirs and is left alone.
    const from = document.activeElement;
    let placed: HTMLElement | undefined;
    let placedAt = 0;
    let frame = 0;
    const attempt = () => {
      const main = document.getElementById(mainId);
      const heading = main?.querySelector<HTMLElement>("h1");
      const active = document.activeElement;
      const onBody = !active || active === document.body;
      if (!onBody && active !== from && active !== placed) return;
      // A page that swaps its loading state for its content may drop the focused heading: for a
      // moment after the first focus, a focus fallen back to the page's body is placed again.
      if (heading && (!placed || onBody)) {
        focusQuietly(heading);
        placed = heading;
        placedAt ||= Date.now();
      }
      if (placedAt && Date.now() - placedAt > 600) return;
      if (Date.now() < until) frame = requestAnimationFrame(attempt);
      else if (main && !placed) focusQuietly(main);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [pathname, mainId]);
}
