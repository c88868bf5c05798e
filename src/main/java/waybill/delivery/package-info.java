/**
 * The outbox's worker: the events of committed decisions as CloudEvents ({@code Events}), their targets,
 * webhooks ({@code Webhooks}, {@code Signature}, {@code WebhookChannel}) and mail ({@code MailChannel},
 * {@code MailTemplates}), claims, backoff and order per job ({@code DeliveryWorker}, {@code Lanes},
 * {@code Backoff}), the one hook into the write path ({@code CommitTap}) and the door ({@code Deliveries}).
 * Imports the engine's outcomes, the model, the facts and the storage ports; never HTTP, never MongoDB.
 * See docs/operations.md, Deliveries.
 */
package waybill.delivery;
