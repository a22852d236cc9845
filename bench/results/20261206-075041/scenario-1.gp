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
0 "httpd" 102523 80408.5 129983 8073150 "102,523"
1 "nginx" 99238.7 70578.1 108711 3835592 "99,239"
2 "h2o" 61499.6 34277.1 69641.5 14715422 "61,500"
EOD
set title "c=100, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:155979]
set ytics ("0" 0, "50k" 50000, "100k" 100000, "150k" 150000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 95450.8 82476.7 95523 8073150 "95,451"
1 "nginx" 81073 66905.5 97335.9 3835592 "81,073"
2 "h2o" 58290.9 42423.2 65272.1 14715422 "58,291"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:116803]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 99003.5 61146.1 107412 8073150 "99,004"
1 "nginx" 89036.7 73923.7 89344 3835592 "89,037"
2 "h2o" 57513.2 54986.1 59961.3 14715422 "57,513"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:128894]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 84091.5 82145.5 93073.6 8073150 "84,092"
1 "nginx" 84616.1 82663.1 90889.9 3835592 "84,616"
2 "h2o" 62571.6 57340.2 62636.2 14715422 "62,572"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:111688]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd" 72127.2 47373.4 84851.2 8073150 "72,127"
1 "nginx" 68411.9 62474.4 79040.1 3835592 "68,412"
2 "h2o" 53313.3 46854.6 55793.7 14715422 "53,313"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:101821]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd" 64066.9 60826.6 65097.8 8073150 "64,067"
1 "nginx" 67604.8 66905.3 68570.6 3835592 "67,605"
2 "h2o" 52874.2 43043.9 56746.8 14715422 "52,874"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:82284.8]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "httpd" 9.57791 7.662 10.4712 8073150 "9.58"
1 "nginx" 9.71793 9.14166 10.0139 3835592 "9.72"
2 "h2o" 16.2538 14.3264 16.2549 14715422 "16.3"
EOD
set title "c=100, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:19.5059]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "httpd" 8.848 8.48641 10.5409 8073150 "8.85"
1 "nginx" 10.7887 9.81393 11.4384 3835592 "10.8"
2 "h2o" 14.7835 13.9402 15.1905 14715422 "14.8"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:18.2286]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "httpd" 8.97611 8.8895 9.79394 8073150 "8.98"
1 "nginx" 11.2269 11.2248 11.2832 3835592 "11.2"
2 "h2o" 17.3909 16.6542 18.2154 14715422 "17.4"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:21.8585]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "httpd" 9.00453 8.29187 9.11193 8073150 "9.00"
1 "nginx" 10.6712 9.90002 10.8994 3835592 "10.7"
2 "h2o" 15.8051 15.7902 17.2041 14715422 "15.8"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:20.6449]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "httpd" 13.2136 11.7656 13.2262 8073150 "13.2"
1 "nginx" 14.1816 12.8049 14.7366 3835592 "14.2"
2 "h2o" 18.672 18.287 19.579 14715422 "18.7"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:23.4948]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "httpd" 12.6804 11.9773 13.2757 8073150 "12.7"
1 "nginx" 13.6676 13.5771 13.6836 3835592 "13.7"
2 "h2o" 17.964 16.9667 19.0379 14715422 "18.0"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:22.8455]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "httpd" 1.83501 1.37626 5.24288 8073150 "1.84"
1 "nginx" 1.90873 1.28614 8.71629 3835592 "1.91"
2 "h2o" 2.81805 2.73613 13.3693 14715422 "2.82"
EOD
set title "c=100, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:16.0432]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "httpd" 1.44 1.2 3.39 8073150 "1.44"
1 "nginx" 1.38 1.22 9.06 3835592 "1.38"
2 "h2o" 9.44 2.97 17.07 14715422 "9.44"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:20.484]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "httpd" 18.0879 15.2044 43.5159 8073150 "18.1"
1 "nginx" 21.6269 17.9569 35.6516 3835592 "21.6"
2 "h2o" 27.0008 25.559 28.5737 14715422 "27.0"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:52.2191]
set ytics ("0" 0, "20" 20, "40" 40)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "httpd" 10.66 9.99 11.12 8073150 "10.7"
1 "nginx" 12.63 11.11 19.74 3835592 "12.6"
2 "h2o" 29.42 28.42 31.14 14715422 "29.4"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:37.368]
set ytics ("0" 0, "10" 10, "20" 20, "30" 30)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "httpd" 264.241 199.229 413.139 8073150 "264"
1 "nginx" 262.144 191.889 348.127 3835592 "262"
2 "h2o" 258.998 243.27 392.167 14715422 "259"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:495.767]
set ytics ("0" 0, "100" 100, "200" 200, "300" 300, "400" 400)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "httpd" 151.6 146.72 237.01 8073150 "152"
1 "nginx" 134.08 131.61 136.77 3835592 "134"
2 "h2o" 193.79 179.62 432.05 14715422 "194"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:518.46]
set ytics ("0" 0, "200" 200, "400" 400)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
