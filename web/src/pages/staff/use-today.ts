import { useEffect, useState } from 'react';
import { todayInFrance } from './today';

/**
 * How often an open page looks whether the day has changed: a few seconds, so that a tap just after midnight (which
 * the API records on the new day) finds the new day's list.
 */
const DAY_CHECK_MS = 5_000;

/**
 * Today in France, followed past midnight: the tablet of a crèche open at atypical hours stays on Aujourd'hui all
 * night, and its 05:30 arrivals must find the new day's list, not the evening's. Looked at every few seconds and
 * whenever the page comes back into view (a tablet woken from sleep runs no timer while asleep).
 */
export function useTodayInFrance(): string {
  const [today, setToday] = useState(() => todayInFrance());
  useEffect(() => {
    const look = () => setToday(todayInFrance());
    const timer = setInterval(look, DAY_CHECK_MS);
    document.addEventListener('visibilitychange', look);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', look);
    };
  }, []);
  return today;
}
