set terminal pngcairo size 1800,880 noenhanced font ",9"
set output 'scenario-1.png'
set multiplot layout 3,6 title "1. Keep-alive hello world\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 211385 167197 212572 8073150 "211,385"
1 "nginx" 170935 147396 175464 3835592 "170,935"
2 "h2o" 115484 106356 120658 14715422 "115,484"
EOD
set title "c=100, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:255086]
set ytics ("0" 0, "100k" 100000, "200k" 200000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 156992 131941 167016 8073150 "156,992"
1 "nginx" 170432 134307 172094 3835592 "170,432"
2 "h2o" 126302 108822 134782 14715422 "126,302"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:206513]
set ytics ("0" 0, "50k" 50000, "100k" 100000, "150k" 150000, "200k" 200000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 196425 172015 199616 8073150 "196,425"
1 "nginx" 165111 152585 166380 3835592 "165,111"
2 "h2o" 107331 106347 117276 14715422 "107,331"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:239539]
set ytics ("0" 0, "50k" 50000, "100k" 100000, "150k" 150000, "200k" 200000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 138982 138077 159983 8073150 "138,982"
1 "nginx" 154918 140751 161761 3835592 "154,918"
2 "h2o" 126086 120534 129399 14715422 "126,086"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:194114]
set ytics ("0" 0, "50k" 50000, "100k" 100000, "150k" 150000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd" 111388 109221 116242 8073150 "111,388"
1 "nginx" 100525 97642.3 102712 3835592 "100,525"
2 "h2o" 97458.9 95384.3 101755 14715422 "97,459"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:139490]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd" 96707.4 96222.4 97001.4 8073150 "96,707"
1 "nginx" 98856.8 95500 101572 3835592 "98,857"
2 "h2o" 81266.9 80444 87824.2 14715422 "81,267"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:121886]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "httpd" 4.70189 4.66653 5.94493 8073150 "4.70"
1 "nginx" 5.7909 5.66438 6.74284 3835592 "5.79"
2 "h2o" 8.62335 8.25352 9.36305 14715422 "8.62"
EOD
set title "c=100, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:11.2357]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "httpd" 5.53007 5.2912 6.58639 8073150 "5.53"
1 "nginx" 5.7609 5.546 7.08362 3835592 "5.76"
2 "h2o" 7.86721 7.38813 9.11257 14715422 "7.87"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:10.9351]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "httpd" 5.05523 5.00383 5.79904 8073150 "5.06"
1 "nginx" 6.0367 6.01516 6.57014 3835592 "6.04"
2 "h2o" 9.27842 8.51168 9.42247 14715422 "9.28"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:11.307]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "httpd" 5.81807 5.0368 5.95349 8073150 "5.82"
1 "nginx" 6.03807 5.87113 6.54607 3835592 "6.04"
2 "h2o" 7.81664 7.68002 8.24881 14715422 "7.82"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:9.89858]
set ytics ("0" 0, "2" 2, "4" 4, "6" 6, "8" 8)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "httpd" 8.64754 8.22915 8.78934 8073150 "8.65"
1 "nginx" 9.47583 9.45647 9.87922 3835592 "9.48"
2 "h2o" 10.376 10.0155 10.6208 14715422 "10.4"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:12.745]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "httpd" 8.06555 7.83565 8.78715 8073150 "8.07"
1 "nginx" 8.82945 8.38193 8.9417 3835592 "8.83"
2 "h2o" 11.3778 10.5994 11.467 14715422 "11.4"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:13.7604]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "httpd" 0.880639 0.831487 1.09773 8073150 "0.88"
1 "nginx" 0.811007 0.655359 0.888831 3835592 "0.81"
2 "h2o" 1.64659 1.59744 1.83501 14715422 "1.65"
EOD
set title "c=100, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:2.20201]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "httpd" 0.716 0.615 0.752 8073150 "0.72"
1 "nginx" 0.604 0.598 0.766 3835592 "0.60"
2 "h2o" 1.5 1.48 1.81 14715422 "1.50"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:2.172]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "httpd" 9.43718 9.1095 10.879 8073150 "9.44"
1 "nginx" 8.15923 7.89709 8.78182 3835592 "8.16"
2 "h2o" 11.5999 11.5343 12.2552 14715422 "11.6"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:14.7063]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "httpd" 5.34 4.36 6.5 8073150 "5.34"
1 "nginx" 7.13 6.98 8.72 3835592 "7.13"
2 "h2o" 9.9 9.35 13.24 14715422 "9.90"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:15.888]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "httpd" 161.481 152.044 165.675 8073150 "161"
1 "nginx" 149.946 148.898 158.335 3835592 "150"
2 "h2o" 141.558 117.441 144.703 14715422 "142"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:198.81]
set ytics ("0" 0, "50" 50, "100" 100, "150" 150)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "httpd" 104.06 100.33 107.09 8073150 "104"
1 "nginx" 103.53 92.84 109.14 3835592 "104"
2 "h2o" 122.75 122.66 128.57 14715422 "123"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:154.284]
set ytics ("0" 0, "50" 50, "100" 100, "150" 150)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
