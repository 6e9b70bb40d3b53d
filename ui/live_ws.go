package ui

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

const (
	liveWriteWait  = 5 * time.Second
	livePingPeriod = 25 * time.Second
	livePongWait   = 60 * time.Second
)

// upgrader accepts only same-origin pages (gorilla's default origin check),
// so another web site cannot listen to this node's changes.
var upgrader = websocket.Upgrader{ReadBufferSize: 512, WriteBufferSize: 4096}

// liveSocket upgrades to a websocket and streams change messages to the
// page until it goes away.
func (p *Pages) liveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered already
	}
	c := newLiveClient()
	p.hub.join(c)
	defer p.hub.leave(c)
	// Joined first, so a change after this version is also broadcast.
	hello, _ := json.Marshal(liveMsg{Type: "hello", Version: p.version()})
	select {
	case c.send <- hello:
	default: // a burst filled the buffer already: those messages refresh too
	}
	go readUntilClosed(conn, c)
	go func() { // the server shutting down cancels the request's context
		select {
		case <-r.Context().Done():
			c.drop()
		case <-c.done:
		}
	}()
	writeLoop(conn, c)
	_ = conn.Close()
}

// readUntilClosed drains the socket (pages send nothing but pongs) and
// drops the client when it closes.
func readUntilClosed(conn *websocket.Conn, c *liveClient) {
	defer c.drop()
	conn.SetReadLimit(512)
	_ = conn.SetReadDeadline(time.Now().Add(livePongWait))
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(livePongWait))
	})
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

func writeLoop(conn *websocket.Conn, c *liveClient) {
	ping := time.NewTicker(livePingPeriod)
	defer ping.Stop()
	for {
		var err error
		select {
		case <-c.done:
			_ = conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
			return
		case msg := <-c.send:
			_ = conn.SetWriteDeadline(time.Now().Add(liveWriteWait))
			err = conn.WriteMessage(websocket.TextMessage, msg)
		case <-ping.C:
			err = conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(liveWriteWait))
		}
		if err != nil {
			return
		}
	}
}
