package drivers

import (
	"errors"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/lib/pq"
)

// TestConnectHintOnlyWhereItHelps: each failure gets the hint that fits it, and one where no
// hint helps (a TLS refusal, a server-side limit) gets none.
func TestConnectHintOnlyWhereItHelps(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	cases := []struct {
		err  error
		want string
	}{
		{refused, " (check the host and port: is the server running there?)"},
		{&net.OpError{Op: "dial", Err: &net.DNSError{Name: "nohost", IsNotFound: true}}, " (check the host name)"},
		{&pq.Error{Code: "28P01"}, " (check the user and password)"},
		{&pq.Error{Code: "3D000"}, " (check the database name)"},
		{&pq.Error{Code: "53300"}, ""}, // too many connections
		{&mysql.MySQLError{Number: 1045}, " (check the user and password)"},
		{&mysql.MySQLError{Number: 1049}, " (check the database name)"},
		{errors.New("pq: SSL is not enabled on the server"), ""},
	}
	for _, c := range cases {
		if got := connectHint(c.err); got != c.want {
			t.Errorf("connectHint(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
