import { defineAsyncComponent, shallowRef, type Component } from 'vue';
import { locale } from './shared/i18n';

/**
 * A deliberately tiny history-mode router: the app has a handful of top-level pages and no nested routes, so a
 * path → page table is all it needs. The server answers index.html for each of these paths.
 * A page's title is a pair [中文, English]: the tab shows the signed-in agent's language only.
 */
type Route = { page: Component; title: readonly [string, string] } | { redirect: string };

const routes: Record<string, Route> = {
  '/': { redirect: '/inbox' },
  '/login': { page: defineAsyncComponent(() => import('./login/LoginPage.vue')), title: ['登录', 'Log in'] },
  '/inbox': { page: defineAsyncComponent(() => import('./inbox/InboxPage.vue')), title: ['收件箱', 'Inbox'] },
  '/simulator': { page: defineAsyncComponent(() => import('./simulator/SimulatorPage.vue')), title: ['手机模拟器', 'Phone simulator'] },
  '/admin': { page: defineAsyncComponent(() => import('./admin/AdminHomePage.vue')), title: ['管理', 'Admin'] },
  '/admin/rules': { page: defineAsyncComponent(() => import('./admin/RulesPage.vue')), title: ['回复规则', 'Rules'] },
  '/admin/templates': { page: defineAsyncComponent(() => import('./admin/TemplatesPage.vue')), title: ['短信模板', 'Templates'] },
  '/admin/intents': { page: defineAsyncComponent(() => import('./admin/IntentsPage.vue')), title: ['意图', 'Intents'] },
  '/admin/settings': { page: defineAsyncComponent(() => import('./admin/SettingsPage.vue')), title: ['设置', 'Settings'] },
  '/admin/services': { page: defineAsyncComponent(() => import('./admin/ServicesPage.vue')), title: ['服务项目', 'Services'] },
  '/admin/locations': { page: defineAsyncComponent(() => import('./admin/LocationsPage.vue')), title: ['门店', 'Locations'] },
  '/admin/staff': { page: defineAsyncComponent(() => import('./admin/StaffPage.vue')), title: ['医生与员工', 'Staff'] },
  '/admin/versions': { page: defineAsyncComponent(() => import('./admin/VersionsPage.vue')), title: ['版本', 'Versions'] },
  '/admin/team': { page: defineAsyncComponent(() => import('./admin/TeamPage.vue')), title: ['团队', 'Team'] },
  '/admin/contact-fields': { page: defineAsyncComponent(() => import('./admin/ContactFieldsPage.vue')), title: ['联系人字段', 'Contact fields'] },
  '/admin/canned-replies': { page: defineAsyncComponent(() => import('./admin/CannedRepliesPage.vue')), title: ['快捷回复', 'Canned replies'] },
  '/admin/channels': { page: defineAsyncComponent(() => import('./admin/ChannelsPage.vue')), title: ['发送通道', 'Channels'] },
  '/contacts': { page: defineAsyncComponent(() => import('./contacts/ContactsPage.vue')), title: ['联系人', 'Contacts'] },
  '/calendar': { page: defineAsyncComponent(() => import('./calendar/CalendarPage.vue')), title: ['预约日历', 'Calendar'] },
  '/reports': { page: defineAsyncComponent(() => import('./reports/ReportsPage.vue')), title: ['数据看板', 'Dashboard'] },
  '/campaigns': { page: defineAsyncComponent(() => import('./campaigns/CampaignsPage.vue')), title: ['营销活动', 'Campaigns'] },
  '/campaigns/segments': { page: defineAsyncComponent(() => import('./campaigns/SegmentsPage.vue')), title: ['客户分群', 'Segments'] },
  /** `/campaigns/<id>`: one campaign (see routeOf). */
  '/campaigns/:id': { page: defineAsyncComponent(() => import('./campaigns/CampaignPage.vue')), title: ['营销活动', 'Campaign'] },
  '/setup': { page: defineAsyncComponent(() => import('./setup/SetupPage.vue')), title: ['开始设置', 'Set up'] },
  '/profile': { page: defineAsyncComponent(() => import('./profile/ProfilePage.vue')), title: ['我的资料', 'My profile'] },
  /** `/invite/<token>`: a path with a parameter (see routeOf). */
  '/invite': { page: defineAsyncComponent(() => import('./login/AcceptInvitePage.vue')), title: ['加入团队', 'Join the team'] },
};

/**
 * The route of a path: its own entry, or for `/invite/<token>` the invitation page and for `/campaigns/<id>` the
 * campaign's page, which read the parameter themselves.
 */
const routeOf = (path: string): Route | undefined =>
  routes[path] ?? (/^\/invite\/[^/]+$/.test(path) ? routes['/invite'] : /^\/campaigns\/\d+$/.test(path) ? routes['/campaigns/:id'] : undefined);

const notFound = defineAsyncComponent(() => import('./NotFoundPage.vue'));

export const currentPage = shallowRef<Component>(notFound);
/**
 * The path shown, which keys the page: going from one campaign's page to another's (its copy, the back button) mounts
 * the page afresh for the new id instead of keeping the old one's. A query string alone (the inbox's) keeps it.
 */
export const currentPath = shallowRef('');

function resolve(path: string): void {
  const route = routeOf(normalise(path));
  if (route && 'redirect' in route) {
    history.replaceState(history.state, '', route.redirect);
    return resolve(route.redirect);
  }
  currentPage.value = route?.page ?? notFound;
  currentPath.value = normalise(path);
  const brand = locale.value === 'en' ? 'Huixin' : '回信';
  document.title = route ? `${route.title[locale.value === 'en' ? 1 : 0]} · ${brand}` : brand;
}

/** "/simulator/" and "/simulator" are the same page. */
const normalise = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/** Go to an in-app path (a query string is kept) without reloading the page. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  resolve(new URL(path, location.origin).pathname);
}

/** The login page, set to come back here (path and query) once signed in. */
export function navigateToLogin(): void {
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

/**
 * Where the login page sends a signed-in user: `next` when it is a path of this app, else the inbox. Anything
 * else ("//evil.example", "https://…") is ignored, so a crafted login link cannot send anyone off-site.
 */
export function afterLogin(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && /^\/(?![\/\\])/.test(next) && routeOf(normalise(new URL(next, location.origin).pathname)) ? next : '/inbox';
}

export function startRouter(): void {
  window.addEventListener('popstate', () => resolve(location.pathname));
  resolve(location.pathname);
}
