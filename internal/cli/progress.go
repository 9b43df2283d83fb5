package cli

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress shows tenants done out of those known on stderr, when stderr is a terminal and
// the run has lasted more than a moment (progressDelay): a short run prints nothing extra,
// and nothing ever goes to a pipe or a log file. The bar is schollz/progressbar, drawn with
// \r on one line and cleared when the run ends.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	bar         *progressbar.ProgressBar
	timer       *time.Timer
	done, total int
	finished    bool
}

// progressDelay is how long a run goes before its progress is shown.
const progressDelay = 700 * time.Millisecond

// newProgress returns a progress that shows itself only on a terminal and without --quiet.
func (e *execution) newProgress(quiet bool) *progress {
	p := &progress{w: e.stderr}
	f, ok := e.stderr.(*os.File)
	if quiet || !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return p
	}
	p.timer = time.AfterFunc(progressDelay, p.show)
	return p
}

func (p *progress) show() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.bar = progressbar.NewOptions(max(p.total, 1),
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("tenants"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
	_ = p.bar.Set(p.done)
}

// add counts n more tenants to do (a server's tenants become known as it is read).
func (p *progress) add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total += n
	if p.bar != nil {
		p.bar.ChangeMax(max(p.total, 1))
	}
}

// tick counts n tenants done.
func (p *progress) tick(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.bar != nil {
		_ = p.bar.Set(p.done)
	}
}

// finish clears the bar before the report is written.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished = true
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.bar != nil {
		_ = p.bar.Clear()
		_ = p.bar.Exit()
	}
}
