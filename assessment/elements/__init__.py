"""Element pages: what the law must do for each legal element, which questions test it, where to read more
(the resource catalogue), the member's own state, and regional examples from members that share."""
