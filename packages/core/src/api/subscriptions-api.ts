import type { TransportConf } from '../config/options';
import { ApiError, apiErrors } from '../errors/api-error';
import { isStorageError, isZaqarError } from '../errors/error-codes';
import type { SubscriptionDeliveryState } from '../notifier/deliveries';
import type { Page, Subscription } from '../storage/types';
import type { ApiDeps, RequestBody, RequestContext } from './context';
import { orUnavailable } from './storage-guard';
import { type ConfirmationKind, SubscriptionConfirmations } from './subscription-confirmation';
import { isTrustSubscriber, validateSubscriptionCreate, validateSubscriptionPatch } from './subscription-validation';

const DEFAULT_PAGE_SIZE = 10;
const CREATE_FAILED = 'Subscription could not be created.';
/** The 409 text of an HTTP create that finds a confirmed duplicate: no space after "exists." (verbatim reference); update's has one (storage error text). */
export const SUBSCRIPTION_EXISTS_ON_CREATE = 'Such subscription already exists.Subscriptions are unique by project + queue + subscriber URI.';

/** The reference's subscription representation, keys in its order (stores may carry more fields). */
function present(s: Subscription): Subscription {
  return { id: s.id, source: s.source, subscriber: s.subscriber, ttl: s.ttl, age: s.age, options: s.options, confirmed: s.confirmed };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Subscription operations (operation table: subscription_create,
 * subscription_list, subscription_get, subscription_update,
 * subscription_delete, subscription_confirm): typed data
 * in and out; the transports render it.
 */
export class SubscriptionsApi {
  private readonly confirmations: SubscriptionConfirmations;

  constructor(protected readonly deps: ApiDeps) {
    this.confirmations = new SubscriptionConfirmations(deps);
  }

  /**
   * With `[notification] require_confirmation`, starts sending the
   * SubscriptionConfirmation message (§19.7) to subscription `id` (the HTTP
   * transport calls it after a create that answered 201); else does nothing.
   * Never fails the request: problems are logged.
   */
  async requestConfirmation(ctx: RequestContext, queue: string, id: string): Promise<void> {
    await this.sendConfirmation('SubscriptionConfirmation', ctx, queue, id);
  }

  /** With confirmation required, reads the subscription and starts sending it `kind`; one that cannot be read gets nothing. */
  private async sendConfirmation(kind: ConfirmationKind, ctx: RequestContext, queue: string, id: string): Promise<void> {
    if (!this.confirmations.required) return;
    const subscription = await this.deps.data.subscriptions.get(ctx.project, queue, id).catch(() => undefined);
    if (subscription) this.confirmations.send(kind, ctx.project, subscription);
  }

  private get transport(): Readonly<TransportConf> {
    return this.deps.conf.group<TransportConf>('transport');
  }

  /**
   * Creates the queue when missing, validates the body and stores the
   * subscription. Returns its id, or `id: null` when (queue, subscriber)
   * already exists; 400 on invalid fields, 503 on storage failure or when a
   * `trust+` subscriber needs a Keystone trust.
   */
  async create(ctx: RequestContext, queue: string, body: RequestBody): Promise<{ id: string | null; subscriber: string }> {
    const doc = body.present ? body.parse() : {};
    const { control, data } = this.deps;
    await orUnavailable(CREATE_FAILED, () => control.queues.create(ctx.project, queue, {}));
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw apiErrors.invalidBody('Document type not supported.');
    const fields = validateSubscriptionCreate(doc as Record<string, unknown>, this.transport.subscriber_types, nowSeconds());
    let options = fields.options ?? {};
    if (isTrustSubscriber(fields.subscriber) && !('trust_id' in options)) {
      // A Keystone trust from the caller to the trustee (semantics.md §19.9); without Keystone, 503 as the reference.
      const { createTrust } = ctx;
      if (!createTrust) throw apiErrors.unavailable(CREATE_FAILED);
      const expiresAt = fields.ttl !== undefined ? Date.now() + fields.ttl * 1000 : undefined;
      options = { ...options, trust_id: await orUnavailable(CREATE_FAILED, () => createTrust({ expiresAt })) };
    }
    const ttl = fields.ttl ?? this.transport.default_subscription_ttl;
    const id = await orUnavailable(CREATE_FAILED, () => data.subscriptions.create(ctx.project, queue, fields.subscriber, ttl, options));
    this.deps.deliveries?.forgetFanout?.(ctx.project, queue);
    return { id, subscriber: fields.subscriber };
  }

  /**
   * The subscription to `subscriber` that a `create` found already there
   * (`id: null`); 503 `Subscription could not be created.` when it cannot be read.
   */
  async existing(ctx: RequestContext, queue: string, subscriber: string): Promise<Subscription> {
    const found = await orUnavailable(CREATE_FAILED, () => this.deps.data.subscriptions.getWithSubscriber(ctx.project, queue, subscriber));
    if (!found) throw apiErrors.unavailable(CREATE_FAILED);
    return present(found);
  }

  /** One page of the queue's subscriptions ordered by id (a missing queue is an empty page); 400 when `limit` is out of range. */
  async list(ctx: RequestContext, queue: string, request: { marker?: string; limit?: number }): Promise<Page<Subscription>> {
    const { marker, limit } = request;
    const max = this.transport.max_subscriptions_per_page;
    if (limit !== undefined && !(limit > 0 && limit <= max)) {
      throw apiErrors.badRequest(`Limit must be at least 1 and may not be greater than ${max}.`);
    }
    const page = await orUnavailable('Subscriptions could not be listed.', () =>
      this.deps.data.subscriptions.list(ctx.project, queue, { marker, limit: limit ?? DEFAULT_PAGE_SIZE }),
    );
    return { items: page.items.map(present), marker: page.marker };
  }

  /**
   * One subscription; 404 `Subscription <id> does not exist` when unknown or
   * expired. When this process has delivered to it (or failed to), an extra
   * `delivery` field `{delivered, failed, last_error?, last_error_at?}` that
   * Zaqar clients ignore.
   */
  async get(ctx: RequestContext, queue: string, id: string): Promise<Subscription & { delivery?: SubscriptionDeliveryState }> {
    try {
      const subscription = present(await this.deps.data.subscriptions.get(ctx.project, queue, id));
      const delivery = this.deps.deliveries?.stateOf(subscription.id);
      return delivery ? { ...subscription, delivery: { ...delivery } } : subscription;
    } catch (error) {
      if (isStorageError(error, 'not-found')) throw apiErrors.notFound(error.message);
      throw Object.assign(apiErrors.unavailable('Subscription could not be retrieved.'), { cause: error });
    }
  }

  /**
   * Changes the subscription. Validation → 400 Invalid API request; unknown → 404;
   * subscriber taken → 409; nothing to change or any other failure → 400
   * `Unable to update subscription` (the reference's catch-all).
   */
  async update(ctx: RequestContext, queue: string, id: string, body: RequestBody): Promise<void> {
    const doc = body.present ? body.parse() : {};
    const changes = validateSubscriptionPatch(doc, this.transport.subscriber_types, nowSeconds());
    const unableToUpdate = new ApiError(400, 'Unable to update subscription', `Subscription ${id} could not be updated.`);
    if (Object.keys(changes).length === 0) throw unableToUpdate;
    try {
      await this.deps.data.subscriptions.update(ctx.project, queue, id, changes);
      this.deps.deliveries?.forgetFanout?.(ctx.project, queue);
    } catch (error) {
      if (isStorageError(error, 'not-found')) throw apiErrors.notFound(error.message);
      if (isZaqarError(error, 'ZAQAR_SUBSCRIPTION_ALREADY_EXISTS')) throw apiErrors.conflict(error.message);
      throw Object.assign(unableToUpdate, { cause: error });
    }
  }

  /** Deletes the subscription; an unknown id is no error. */
  async delete(ctx: RequestContext, queue: string, id: string): Promise<void> {
    await orUnavailable('Subscription could not be deleted.', () => this.deps.data.subscriptions.delete(ctx.project, queue, id));
    this.deps.deliveries?.forgetFanout?.(ctx.project, queue);
  }

  /** Confirms or unconfirms from `{"confirmed": bool}`; unknown → 404; other failures → 400 `Unable to confirm subscription`. */
  async confirm(ctx: RequestContext, queue: string, id: string, body: RequestBody): Promise<void> {
    const doc = body.present ? body.parse() : {};
    const confirmed = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).confirmed : undefined;
    if (typeof confirmed !== 'boolean') throw apiErrors.badRequest("The 'confirmed' should be boolean.");
    try {
      await this.deps.data.subscriptions.confirm(ctx.project, queue, id, confirmed);
      this.deps.deliveries?.forgetFanout?.(ctx.project, queue);
    } catch (error) {
      if (isStorageError(error, 'not-found')) throw apiErrors.notFound(error.message);
      throw Object.assign(new ApiError(400, 'Unable to confirm subscription', `Subscription ${id} could not be confirmed.`), { cause: error });
    }
    if (!confirmed) await this.sendConfirmation('UnsubscribeConfirmation', ctx, queue, id);
  }
}
