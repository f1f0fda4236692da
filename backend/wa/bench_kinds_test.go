package wa

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// BenchmarkIngestKinds converts and stores a 100,000-message sync mixing
// every kind, next to a text-only sync of the same size, in the same run:
// go test -run '^$' -bench IngestKinds -benchtime 1x ./backend/wa
func BenchmarkIngestKinds(b *testing.B) {
	kinds := fakewa.EveryKind()
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	mixed := func(i int) *waE2E.Message { return kinds[names[i%len(names)]].Message }
	text := func(i int) *waE2E.Message {
		return &waE2E.Message{Conversation: proto.String(fmt.Sprintf("message number %d", i))}
	}
	for _, bc := range []struct {
		name string
		msg  func(int) *waE2E.Message
	}{{"every_kind", mixed}, {"text_only", text}} {
		b.Run(bc.name, func(b *testing.B) {
			const total, per = 100_000, 1000
			for range b.N {
				b.StopTimer()
				st, err := store.Open(context.Background(), b.TempDir(), store.Options{Synchronous: "OFF"})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for c := 0; c < total; c += per {
					chunk := domain.HistoryChunk{SyncType: "FULL"}
					for i := c; i < c+per; i++ {
						chat := types.NewJID(fmt.Sprintf("1555%07d", i%50), types.DefaultUserServer)
						evt := &events.Message{Info: types.MessageInfo{
							MessageSource: types.MessageSource{Chat: chat, Sender: chat}, ID: fmt.Sprintf("ID%07d", i),
							Timestamp: time.Unix(1_700_000_000+int64(i), 0),
						}, Message: bc.msg(i)}
						raw, _ := proto.Marshal(evt.Message)
						cv := convertMessage(source{evt: evt, chat: chat.String(), sender: chat.String(), raw: raw})
						if cv.msg != nil {
							chunk.Messages = append(chunk.Messages, *cv.msg)
						}
					}
					if _, err := st.ApplyHistory(context.Background(), 0, chunk); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "msgs/s")
				st.Close()
			}
		})
	}
}
