package ui

// ui does not import notify: cmd/muster says which delivery channels this
// node has (SetChannels), so the Messages page can say when none is.

// Channels says which of the outbox's channels this node can send on.
type Channels struct {
	Email bool // an SMTP server is configured
	SMS   bool // an SMS gateway is configured
}

// SetChannels tells the pages which channels this node sends on. Until it
// is called the pages do not know, and say nothing about channels.
func (p *Pages) SetChannels(c Channels) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.channels = &c
}

// channelsSet returns the channels, ok only once SetChannels was called.
func (p *Pages) channelsSet() (Channels, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.channels == nil {
		return Channels{}, false
	}
	return *p.channels, true
}
