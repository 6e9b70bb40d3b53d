// Package notify delivers the outbox: the confirmations, reminders,
// thank-yous, waitlisted notices and cancellations that node.Outbox
// derives from the signups.
//
// A Sender hands one text to one channel: SMTPSender speaks SMTP (net/smtp)
// to a mail server, HTTPGateway posts to an HTTP SMS gateway such as an
// SMS-gateway app on a phone on the LAN. A Service runs as Serve(ctx):
// every Config.Interval it asks the node for the messages due at this node
// (node.DueMessages: only those whose home is this node, so two nodes never
// both send one), hands each to its channel and records the outcome with
// node.SetMessageState. A channel that cannot be reached leaves its
// messages queued; they go on a later round, once it is back. A refusal
// for good (SMTP 5xx, HTTP 4xx) marks the message failed with the error.
//
// Compose writes each message in the person's language (English, Spanish
// or Arabic; texts.go holds one table per language, dates by datefmt).
// The delivery rule is written up in docs/outbox.md.
package notify
