package web_test

import "strconv"

func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }
