package diff

import "testing"

func TestLayoutSQL(t *testing.T) {
	cases := []struct{ in, want string }{
		{
			// MySQL prints a view on one line.
			"select `c`.`city` AS `city`,count(0) AS `n` from (`customer` `c` left join `address` `a` on(`a`.`id` = `c`.`address_id` and `a`.`x` between 1 and 2)) where `c`.`active` = 1 and `c`.`store` <> 2 group by `c`.`city` order by `n` desc",
			"select `c`.`city` AS `city`,\n  count(0) AS `n`\nfrom (`customer` `c`\n  left join `address` `a` on (`a`.`id` = `c`.`address_id`\n      and `a`.`x` between 1 and 2))\nwhere `c`.`active` = 1\n  and `c`.`store` <> 2\ngroup by `c`.`city`\norder by `n` desc",
		},
		{
			// PostgreSQL's own layout gives the same result as the one-line form.
			" SELECT c.city,\n    (c.first || ' '::text) AS name\n   FROM customer c\n  WHERE (c.active = 1);",
			"SELECT c.city,\n  (c.first || ' '::text) AS name\nFROM customer c\nWHERE (c.active = 1);",
		},
		{
			"SELECT extract(year FROM d), substring(s FROM 2) FROM t WHERE a IS DISTINCT FROM b AND x IN (SELECT y FROM u WHERE z OR w)",
			"SELECT extract(year FROM d),\n  substring(s FROM 2)\nFROM t\nWHERE a IS DISTINCT FROM b\n  AND x IN (SELECT y\n  FROM u\n  WHERE z\n    OR w)",
		},
		{"(total_cents >= 0)", "(total_cents >= 0)"},
	}
	for _, c := range cases {
		if got := LayoutSQL(c.in); got != c.want {
			t.Errorf("LayoutSQL(%q) =\n%s\nwant\n%s", c.in, got, c.want)
		}
	}
	if a, b := LayoutSQL("SELECT a,b FROM t"), LayoutSQL("select  a ,\n\tb\nfrom t"); a != "SELECT a,\n  b\nFROM t" || b != "select a,\n  b\nfrom t" {
		t.Errorf("white space changes the layout: %q / %q", a, b)
	}
}
