import type { DefaultConf, StorageConf, TransportConf } from '../config/options';
import { apiErrors } from '../errors/api-error';
import { isZaqarError } from '../errors/error-codes';
import type { NewMessage, QueueMetadata, StoredMessage } from '../storage/types';
import { bodyChecksum } from './checksum';
import type { ApiError } from '../errors/api-error';
import type { ApiDeps, RequestBody, RequestContext } from './context';
import { existingQueueMetadata } from './existing-queue';
import { postFingerprint } from './idempotency-key';
import { postOnce } from './idempotent-post';
import { checkQueueIdentification } from './identity';
import { checkPostSize, parseMessagesToPost } from './message-post';
import { MessageViews } from './message-views';
import { pyListRepr } from './py-repr';
import { isEncryptedQueue, queueDelay } from './queue-metadata';
import { guardDelete, guardFound } from './resource-errors';
import { guard } from './storage-guard';

const DEFAULT_LIMIT = 10;

/** What a message listing asks for (`messages.list`); absent fields take the API defaults. */
export interface MessagePageRequest {
  marker?: string;
  limit?: number;
  echo?: boolean;
  includeClaimed?: boolean;
  includeDelayed?: boolean;
}

/** A bulk delete: by `ids` (with `claimIds` when required) or `pop` a count. */
export interface DeleteMessagesRequest {
  ids?: string[];
  claimIds?: string[];
  pop?: number;
}

/** One page of messages (`messages.list`). */
export interface MessagePage {
  /** Bodies as clients see them. */
  messages: StoredMessage[];
  /** The marker after this page, when the store gave one. */
  marker?: string;
  /** The delay filter actually applied: always true on queues without a delay. */
  includeDelayed?: boolean;
}

/** The 404 of a get-by-ids over HTTP that found none of the messages. */
export function noMessagesWithIds(ids: readonly string[], queue: string, project: string): ApiError {
  return apiErrors.notFound(`No messages with IDs: ${pyListRepr(ids)} found in the queue ${queue} for project ${project}.`);
}

/**
 * Message operations (operation table: message_post, message_list,
 * message_get_many, message_get, message_delete, message_delete_many with
 * message_pop): typed data in and out; the transports render it.
 */
export class MessagesApi {
  /** Renders stored messages (shared with ClaimsApi through the facade). */
  readonly views: MessageViews;

  constructor(protected readonly deps: ApiDeps) {
    this.views = new MessageViews(() => this.limits, deps.logger);
  }

  private get limits(): TransportConf {
    return this.deps.conf.group<TransportConf>('transport');
  }

  /** Stored metadata, or undefined when the queue does not exist (its messages, if any, are not shown). */
  private existingMetadata(project: string, queue: string): Promise<QueueMetadata | undefined> {
    return existingQueueMetadata(this.deps.control, project, queue, this.deps.queueMetadata);
  }

  /** Metadata of the queue, creating the queue (empty metadata) when missing: posting creates queues lazily. */
  private async metadataOrCreate(project: string, queue: string): Promise<QueueMetadata> {
    const read = () => this.deps.control.queues.getMetadata(project, queue);
    try {
      return await (this.deps.queueMetadata ? this.deps.queueMetadata.get(project, queue, read) : read());
    } catch (error) {
      if (!isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) throw error;
      checkQueueIdentification(queue, project);
      await this.deps.control.queues.create(project, queue, {});
      return {};
    }
  }

  /**
   * Validates and stores the `messages` of a post document (creating the queue
   * when missing); `body.length` is what the size limit is checked against.
   * Returns the new ids in request order. With `idempotencyKey` (validated by
   * idempotencyKeyOf), a repeat within `[storage] idempotency_window` returns the
   * first post's ids without storing (422 when its messages differ).
   */
  async post(ctx: RequestContext, queue: string, body: RequestBody, idempotencyKey?: string): Promise<string[]> {
    const metadata = await guard('Messages could not be enqueued.', () => this.metadataOrCreate(ctx.project, queue));
    checkPostSize(body.length, metadata, this.limits);
    const messages = this.prepareForStorage(parseMessagesToPost(body, metadata, this.limits), metadata);
    if (idempotencyKey === undefined) return this.store(ctx, queue, messages);
    const store = this.deps.data.idempotency;
    if (!store) throw apiErrors.badRequest('The message store of this queue cannot keep Idempotency-Key records; post without the header.');
    const post = { project: ctx.project, queue, key: idempotencyKey, fingerprint: postFingerprint((body.parse() as { messages: unknown }).messages) };
    const window = this.deps.conf.group<StorageConf>('storage').idempotency_window;
    return postOnce(store, post, window, () => this.store(ctx, queue, messages));
  }

  private async store(ctx: RequestContext, queue: string, messages: NewMessage[]): Promise<string[]> {
    try {
      return await guardFound('Messages could not be enqueued.', () => this.deps.data.messages.post(ctx.project, queue, messages, ctx.clientId));
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_MESSAGE_CONFLICT')) throw apiErrors.unavailable('No messages could be enqueued.');
      throw error;
    }
  }

  /** Encrypts bodies of encrypted queues, then adds checksums (of the stored form) when enabled. */
  private prepareForStorage(messages: NewMessage[], metadata: QueueMetadata): NewMessage[] {
    const encrypted = isEncryptedQueue(metadata);
    const checksums = this.deps.conf.group<DefaultConf>('DEFAULT').enable_checksum;
    if (!encrypted && !checksums) return messages;
    return messages.map((message) => {
      const body = encrypted ? this.views.cipher().encrypt(message.body) : message.body;
      const checksum = checksums ? bodyChecksum(body) : undefined;
      return checksum ? { ...message, body, checksum } : { ...message, body };
    });
  }

  private checkPageLimit(limit: number | undefined): void {
    const max = this.limits.max_messages_per_page;
    if (limit !== undefined && !(limit > 0 && limit <= max)) throw apiErrors.badRequest(`Limit must be at least 1 and may not be greater than ${max}.`);
  }

  /**
   * One page of messages, bodies as clients see them, and the marker after it.
   * `includeDelayed` in the result is the filter actually applied (always true
   * on queues without a delay). An empty page when the queue does not exist;
   * 400 when `limit` is out of range.
   */
  async list(ctx: RequestContext, queue: string, request: MessagePageRequest): Promise<MessagePage> {
    const what = 'Messages could not be listed.';
    const metadata = await guard(what, () => this.existingMetadata(ctx.project, queue));
    this.checkPageLimit(request.limit);
    if (!metadata) return { messages: [], includeDelayed: request.includeDelayed };
    const includeDelayed = queueDelay(metadata) ? request.includeDelayed : true;
    const options = {
      marker: request.marker,
      limit: request.limit ?? DEFAULT_LIMIT,
      echo: request.echo ?? false,
      clientId: ctx.clientId,
      includeClaimed: request.includeClaimed ?? false,
      includeDelayed: includeDelayed ?? false,
    };
    const page = await guard(what, () => this.deps.data.messages.list(ctx.project, queue, options));
    const encrypted = isEncryptedQueue(metadata);
    return { messages: page.items.map((m) => this.views.decoded(m, encrypted)), marker: page.marker, includeDelayed };
  }

  /** The listed messages that exist (bodies as clients see them); 400 when there are none or too many ids. */
  async getMany(ctx: RequestContext, queue: string, ids: string[]): Promise<StoredMessage[]> {
    this.checkPageLimit(ids.length);
    const { found, metadata } = await guard('Message could not be retrieved.', async () => {
      const existing = await this.existingMetadata(ctx.project, queue);
      return { found: existing ? await this.deps.data.messages.bulkGet(ctx.project, queue, ids) : [], metadata: existing ?? {} };
    });
    const encrypted = isEncryptedQueue(metadata);
    return found.map((m) => this.views.decoded(m, encrypted));
  }

  /**
   * Deletes by ids (`popped` undefined) or pops `pop` messages (`popped`: them,
   * bodies as clients see them); `claimIds` only counts with
   * `message_delete_with_claim_id`. 400 on a malformed request.
   */
  async deleteMany(ctx: RequestContext, queue: string, request: DeleteMessagesRequest): Promise<{ popped?: StoredMessage[] }> {
    const { ids, pop } = request;
    const claimIds = this.limits.message_delete_with_claim_id ? request.claimIds : undefined;
    this.checkDeletion(ids, pop, claimIds);
    if (ids !== undefined) {
      await guardDelete('Messages could not be deleted.', () => this.deps.data.messages.bulkDelete(ctx.project, queue, ids, claimIds));
      return {};
    }
    return { popped: await this.pop(ctx, queue, pop as number) };
  }

  private checkDeletion(ids: string[] | undefined, pop: number | undefined, claimIds: string[] | undefined): void {
    const limits = this.limits;
    if (pop !== undefined && ids !== undefined) throw apiErrors.badRequest('pop and id params cannot be present together in the delete request.');
    if (pop === undefined && ids === undefined) {
      throw apiErrors.badRequest('The request should have either "ids" or "pop" parameter in the request, to be able to delete.');
    }
    if (limits.message_delete_with_claim_id && (ids === undefined) !== (claimIds === undefined)) {
      throw apiErrors.badRequest('The request should have both "ids" and "claim_ids" parameter in the request when message_delete_with_claim_id is True.');
    }
    const maxPop = limits.max_messages_per_claim_or_pop;
    if (pop !== undefined && !(pop > 0 && pop <= maxPop)) throw apiErrors.badRequest(`Pop value must be at least 1 and may not be greater than ${maxPop}.`);
    const maxIds = limits.max_messages_per_page;
    if (ids !== undefined && !(ids.length > 0 && ids.length <= maxIds)) {
      throw apiErrors.badRequest(`ids parameter should have at least 1 and not greater than ${maxIds} values.`);
    }
  }

  private async pop(ctx: RequestContext, queue: string, limit: number): Promise<StoredMessage[]> {
    const { popped, metadata } = await guard('Messages could not be popped.', async () => {
      const existing = await this.existingMetadata(ctx.project, queue);
      return { popped: existing ? await this.deps.data.messages.pop(ctx.project, queue, limit) : [], metadata: existing ?? {} };
    }).catch((error: unknown) => {
      if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return { popped: [], metadata: {} };
      throw error;
    });
    const encrypted = isEncryptedQueue(metadata);
    return popped.map((m) => this.views.decoded(m, encrypted));
  }

  /** One message, body as clients see it; 404 (the store's text) when the queue or the message is missing. */
  async get(ctx: RequestContext, queue: string, id: string): Promise<StoredMessage> {
    const what = 'Message could not be retrieved.';
    const metadata = await guardFound(what, () => this.deps.control.queues.getMetadata(ctx.project, queue));
    const message = await guardFound(what, () => this.deps.data.messages.get(ctx.project, queue, id));
    return this.views.decoded(message, isEncryptedQueue(metadata));
  }

  /** Deletes one message, checking `claimId` when given. */
  async delete(ctx: RequestContext, queue: string, id: string, claimId: string | undefined): Promise<void> {
    await guardDelete('Message could not be deleted.', () => this.deps.data.messages.delete(ctx.project, queue, id, claimId));
  }
}
