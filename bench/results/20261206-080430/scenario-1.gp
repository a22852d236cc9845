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
0 "httpd" 117745 101843 123807 8073150 "117,745"
1 "nginx" 73077.1 35826.8 85724.8 3835592 "73,077"
2 "h2o" 63605 57901.6 70792 14715422 "63,605"
EOD
set title "c=100, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:148568]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 81202.5 51084.6 81405.5 8073150 "81,202"
1 "nginx" 88320.7 84051.6 88868.6 3835592 "88,321"
2 "h2o" 59783.9 48142.9 66913.6 14715422 "59,784"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:106642]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 55136.5 50025.6 74390.5 8073150 "55,136"
1 "nginx" 43245.6 36704.1 44860.3 3835592 "43,246"
2 "h2o" 42472.9 42188.7 52933.4 14715422 "42,473"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:89268.6]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 73534.8 44405.1 89448.7 8073150 "73,535"
1 "nginx" 56027.3 34991.1 69847.8 3835592 "56,027"
2 "h2o" 47321.6 31516 61256.4 14715422 "47,322"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:107338]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd" 42446.3 34126 83353.7 8073150 "42,446"
1 "nginx" 68642.4 48485.4 73357.7 3835592 "68,642"
2 "h2o" 59445.2 34492.6 64410.2 14715422 "59,445"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:100024]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd" 63188.6 43693.3 71082.1 8073150 "63,189"
1 "nginx" 41828.8 36070.3 67886.9 3835592 "41,829"
2 "h2o" 39703.7 31605.5 47619.7 14715422 "39,704"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:85298.5]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "httpd" 8.35649 7.52479 9.12717 8073150 "8.36"
1 "nginx" 9.33012 9.23366 11.5246 3835592 "9.33"
2 "h2o" 14.2961 14.0088 15.4349 14715422 "14.3"
EOD
set title "c=100, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:18.5218]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "httpd" 10.2672 9.61698 10.3379 8073150 "10.3"
1 "nginx" 10.3379 10.2188 10.6385 3835592 "10.3"
2 "h2o" 15.4642 14.8489 15.4901 14715422 "15.5"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:18.5881]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "httpd" 9.90665 8.79781 10.3446 8073150 "9.91"
1 "nginx" 11.1474 10.8261 12.5058 3835592 "11.1"
2 "h2o" 16.1645 15.3201 17.0927 14715422 "16.2"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:20.5112]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "httpd" 8.5228 8.49097 9.97566 8073150 "8.52"
1 "nginx" 10.4284 10.2339 10.9983 3835592 "10.4"
2 "h2o" 16.1364 15.3301 19.2918 14715422 "16.1"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:23.1502]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "httpd" 13.3693 11.8511 13.4278 8073150 "13.4"
1 "nginx" 14.084 13.7126 14.3775 3835592 "14.1"
2 "h2o" 17.2213 16.1204 17.8103 14715422 "17.2"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:21.3723]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "httpd" 13.285 11.331 13.7699 8073150 "13.3"
1 "nginx" 14.0331 13.6381 15.578 3835592 "14.0"
2 "h2o" 18.6988 18.5202 19.2942 14715422 "18.7"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:23.153]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "httpd" 1.90873 1.51552 2.83443 8073150 "1.91"
1 "nginx" 7.92985 2.16269 10.1581 3835592 "7.93"
2 "h2o" 3.2768 2.83443 8.65075 14715422 "3.28"
EOD
set title "c=100, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:12.1897]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "httpd" 2.42 1.8 12.68 8073150 "2.42"
1 "nginx" 1.62 1.59 6.49 3835592 "1.62"
2 "h2o" 8.19 2.87 8.27 14715422 "8.19"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:15.216]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "httpd" 46.3995 43.778 49.2831 8073150 "46.4"
1 "nginx" 55.3124 47.4481 68.1574 3835592 "55.3"
2 "h2o" 54.2638 36.7002 57.6717 14715422 "54.3"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:81.7889]
set ytics ("0" 0, "20" 20, "40" 40, "60" 60, "80" 80)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "httpd" 29.98 11.26 43.09 8073150 "30.0"
1 "nginx" 30.22 25.64 72.51 3835592 "30.2"
2 "h2o" 61.4 23.45 306.58 14715422 "61.4"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:367.896]
set ytics ("0" 0, "100" 100, "200" 200, "300" 300)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "httpd" 394.265 220.201 557.842 8073150 "394"
1 "nginx" 339.739 208.667 343.933 3835592 "340"
2 "h2o" 316.67 182.452 375.39 14715422 "317"
EOD
set title "c=10000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:669.411]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "httpd" 155.87 152.52 277.54 8073150 "156"
1 "nginx" 245.04 132.14 399.38 3835592 "245"
2 "h2o" 308.47 274.21 491.83 14715422 "308"
EOD
set title "c=10000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:2.6]
set yrange [0:590.196]
set ytics ("0" 0, "200" 200, "400" 400)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
